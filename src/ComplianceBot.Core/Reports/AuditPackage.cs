using System.Globalization;
using System.IO.Compression;
using System.Text;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Text;

namespace ComplianceBot.Core.Reports;

/// <summary>
/// The audit package for one framework and observation window, streamed as a zip: the Statement of Applicability
/// (ISO 27001) or the criteria matrix (SOC 2), the operating history and its exceptions, each in-scope control's
/// attestations in the window, the approved evidence files that support them (re-hashed as they are copied, and
/// checked against their records), and manifest.json with every file's SHA-256 and size and the audit trail's head.
/// </summary>
public sealed class AuditPackage(
    IComplianceStore store, IEvidenceContentStore contents, AuditorReports reports, ReadinessEngine readiness, TimeProvider time)
{
    public const string Format = "compliancebot-audit-package/1";

    public async Task<AuditPackageSummary> WriteAsync(string frameworkId, ObservationWindow window, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var framework = FrameworkCatalog.Default.Find(frameworkId) ?? throw new ArgumentException($"Unknown framework {frameworkId}.", nameof(frameworkId));
        var generatedAt = time.GetUtcNow();
        var controls = (await store.ListAsync<Control>(cancellationToken)).Select(s => s.Document)
            .Where(c => c.MappedTo(framework.Id).Count > 0).ToDictionary(c => c.Id, StringComparer.OrdinalIgnoreCase);
        var history = await readiness.OperatingAsync(window, cancellationToken);

        await using var zip = new PackageZip(output, cancellationToken);
        await zip.AddTextAsync("README.txt", Readme(framework, window, generatedAt));
        var matrix = (await reports.BuildAsync(framework.Id == FrameworkIds.Iso27001 ? "soa" : "soc2-matrix", cancellationToken))!;
        await zip.AddTextAsync(matrix.Name + ".csv", await CsvAsync(matrix.Columns, matrix.Rows));
        var histories = history.Operating.Where(h => controls.ContainsKey(h.ControlId)).ToList();
        await zip.AddTextAsync("operating-history.csv", await CsvAsync(
            ["Control", "Name", "Owner", "Cadence", "Event-driven", "Periods expected", "Answered", "Operated", "No occurrences", "Not applicable", "Exceptions", "Verdict"],
            histories.Select(h => (IReadOnlyList<string>)[h.ControlId, h.Name, h.OwnerId ?? "", h.Cadence.ToString(), h.EventDriven ? "Yes" : "No",
                Num(h.Expected), Num(h.Answered), Num(h.Operated), Num(h.NoOccurrences), Num(h.NotApplicable), Num(h.Exceptions), h.Verdict.ToString()])));
        await zip.AddTextAsync("exceptions.csv", await CsvAsync(
            ["Control", "Period", "Period start", "Period end", "Due", "Exception", "Answer", "Answered at", "Owner"],
            histories.SelectMany(h => h.Periods.SelectMany(p => p.Exceptions.Select(e => (IReadOnlyList<string>)[h.ControlId, p.Period, Day(p.Start), Day(p.End), Day(p.DueOn),
                ReadinessCalculator.Describe(e), p.Answer?.ToString() ?? "", p.AnsweredAt is { } at ? Instant(at) : "", h.OwnerId ?? ""])))));

        var periodKeys = Enum.GetValues<Cadence>().SelectMany(window.PeriodsEnding).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var attestations = (await store.ListAttestationsAsync(periodKeys, cancellationToken))
            .Where(a => controls.TryGetValue(a.ControlId, out var c) && window.PeriodsEnding(c.Cadence).Any(p => p.Key == a.Period))
            .ToLookup(a => a.ControlId, StringComparer.OrdinalIgnoreCase);
        foreach (var control in controls.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            await zip.AddTextAsync($"controls/{control.Id}/attestations.csv", await CsvAsync(
                ["Period", "Due", "Status", "Answer", "Answered at", "Attestor", "Late", "Comment", "Occurrences", "References", "Evidence linked", "Not-applicable approval", "Decided by", "Decided at", "Decision note"],
                attestations[control.Id].OrderBy(a => a.Period, StringComparer.Ordinal).Select(a => (IReadOnlyList<string>)[
                    a.Period, Day(a.DueOn), a.Status.ToString(), a.Result?.ToString() ?? "", a.AnsweredAt is { } at ? Instant(at) : "", a.AttestorId ?? "",
                    a.Late ? "Yes" : "No", a.Comment ?? "", a.Occurrences is { } n ? Num(n) : "", string.Join("; ", a.References), string.Join("; ", a.EvidenceIds),
                    a.Approval?.ToString() ?? "", a.ApprovedBy ?? "", a.ApprovedAt is { } decided ? Instant(decided) : "", a.ApprovalNote ?? ""])));
        }

        var (included, mismatched, missing) = await AddEvidenceAsync(zip, controls, window, cancellationToken);
        var head = await store.FindLastAuditEventAsync(cancellationToken);
        await zip.FinishAsync(
            json =>
            {
                json.WriteString("format", Format);
                json.WriteString("framework", framework.Id);
                json.WriteString("from", Day(window.From));
                json.WriteString("to", Day(window.To));
                json.WriteString("generatedAt", Instant(generatedAt));
                json.WriteStartObject("auditTrail");
                json.WriteNumber("headSequence", head?.Sequence ?? 0);
                json.WriteString("headHash", head?.Hash ?? Audit.AuditTrail.Genesis);
                json.WriteEndObject();
            },
            json =>
            {
                json.WriteStartObject("evidence");
                json.WriteNumber("included", included);
                json.WriteStartArray("contentMismatch");
                foreach (var (id, recorded, actual) in mismatched)
                {
                    json.WriteStartObject();
                    json.WriteString("evidence", id);
                    json.WriteString("recordedSha256", recorded);
                    json.WriteString("actualSha256", actual);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("contentMissing");
                foreach (var id in missing) json.WriteStringValue(id);
                json.WriteEndArray();
                json.WriteEndObject();
            });
        return new AuditPackageSummary(zip.Files + 1, included, mismatched.Count, missing.Count, head?.Hash ?? Audit.AuditTrail.Genesis);
    }

    /// <summary>
    /// Approved evidence of the in-scope controls that can support a period of the window (dated within it, or within
    /// the control's freshness window before it). Each file is copied once, under evidence/, and listed in evidence.csv.
    /// </summary>
    private async Task<(int Included, List<(string Id, string Recorded, string Actual)> Mismatched, List<string> Missing)> AddEvidenceAsync(
        PackageZip zip, Dictionary<string, Control> controls, ObservationWindow window, CancellationToken cancellationToken)
    {
        var mismatched = new List<(string, string, string)>();
        var missing = new List<string>();
        var included = 0;
        await using var index = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 65536, FileOptions.DeleteOnClose);
        await using (var rows = new StreamWriter(index, new UTF8Encoding(false), 65536, leaveOpen: true))
        {
            Csv.WriteRow(rows, ["Evidence", "File in package", "Controls", "Size (bytes)", "Content type", "SHA-256 (recorded)", "Content check", "Effective date",
                "Expiry date", "Uploaded at", "Uploaded by", "Reviewed by", "Reviewed at"]);
            await foreach (var evidence in store.StreamEvidenceAsync(cancellationToken))
            {
                if (evidence.Review != EvidenceReview.Approved || evidence.EffectiveOn > window.To) continue;
                var inScope = evidence.ControlIds.Select(id => controls.GetValueOrDefault(id)).OfType<Control>().ToList();
                if (!inScope.Any(c => evidence.EffectiveOn >= window.From.AddDays(-c.FreshnessDays))) continue;

                var path = $"evidence/{evidence.Id}/{SafeName(evidence.FileName)}";
                string check;
                await using (var stored = await contents.OpenReadAsync(evidence.StorageKey, cancellationToken))
                {
                    // The stores check each file against its hash at the end of the read; the package re-hashes it
                    // anyway, so a file that fails that check still goes in as read, flagged against its record.
                    await using var content = stored is null ? null : new ReadThroughAlteration(stored);
                    if (content is null)
                    {
                        missing.Add(evidence.Id);
                        check = "content missing from the evidence store";
                        path = "";
                    }
                    else
                    {
                        // Already-compressed formats dominate evidence (PDF, images, Office files): stored as they are.
                        var (sha, _) = await zip.AddAsync(path, content, CompressionLevel.NoCompression);
                        check = sha == evidence.Sha256 ? "matches" : "DOES NOT MATCH its record";
                        if (sha != evidence.Sha256) mismatched.Add((evidence.Id, evidence.Sha256, sha));
                        included++;
                    }
                }

                Csv.WriteRow(rows, [evidence.Id, path, string.Join("; ", evidence.ControlIds), Num(evidence.SizeBytes), evidence.ContentType, evidence.Sha256, check,
                    Day(evidence.EffectiveOn), evidence.ExpiresOn is { } x ? Day(x) : "", Instant(evidence.UploadedAt), evidence.UploadedBy, evidence.ReviewedBy ?? "",
                    evidence.ReviewedAt is { } r ? Instant(r) : ""]);
            }
        }

        index.Position = 0;
        await zip.AddAsync("evidence.csv", index);
        return (included, mismatched, missing);
    }

    private static Task<string> CsvAsync(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows) => CsvAsync(columns, rows.ToAsyncEnumerable());

    private static async Task<string> CsvAsync(IReadOnlyList<string> columns, IAsyncEnumerable<IReadOnlyList<string>> rows)
    {
        await using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Csv.WriteRow(writer, columns);
        await foreach (var row in rows) Csv.WriteRow(writer, row);
        return writer.ToString();
    }

    private static string Readme(Framework framework, ObservationWindow window, DateTimeOffset generatedAt) => $"""
        Audit package: {framework.Name}, observation window {window}, generated {Instant(generatedAt)}.

        {(framework.Id == FrameworkIds.Iso27001 ? "soa.csv                      Statement of Applicability: every Annex A control, applicability, justification, status" : "soc2-matrix.csv              Every in-scope criterion, its controls, status and shortfalls")}
        operating-history.csv        Per control: periods expected in the window, answered, operated, exceptions, verdict
        exceptions.csv               Every exception, by control and period
        controls/<id>/attestations.csv   The control's attestations for the periods of the window
        evidence/<id>/<file>         Approved evidence supporting those periods, as filed
        evidence.csv                 The evidence records, with the check of each file against its recorded SHA-256
        manifest.json                SHA-256 and size of every other file, and the audit trail's head hash

        Check it offline with the host's verify-package command, e.g. dotnet ComplianceBot.Host.dll verify-package <this file>.

        """;

    /// <summary>A file name safe inside a zip on any system: no folders, no control characters, bounded length.</summary>
    private static string SafeName(string name)
    {
        var cleaned = new string(name.Select(c => char.IsControl(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c).ToArray()).Trim().TrimStart('.');
        if (cleaned.Length == 0) cleaned = "file";
        return cleaned.Length > 120 ? cleaned[..120] : cleaned;
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Reads a stored evidence file to its end even when the store finds at the end that it was altered.</summary>
internal sealed class ReadThroughAlteration(Stream inner) : ReadThroughStream(inner)
{
    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Inner.Read(buffer);
        }
        catch (EvidenceIntegrityException)
        {
            return 0;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Inner.ReadAsync(buffer, cancellationToken);
        }
        catch (EvidenceIntegrityException)
        {
            return 0;
        }
    }
}

/// <param name="Files">Files in the package, manifest.json included.</param>
public sealed record AuditPackageSummary(int Files, int Evidence, int ContentMismatches, int ContentMissing, string AuditHeadHash);
