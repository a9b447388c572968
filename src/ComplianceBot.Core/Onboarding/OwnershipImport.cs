using ComplianceBot.Core.Audit;
using ComplianceBot.Core.People;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Text;

namespace ComplianceBot.Core.Onboarding;

/// <summary>
/// Control ownership in bulk, as CSV: <c>control,owner,delegate,reviewer,cadence</c>. Owners, delegates and reviewers
/// are people ComplianceBot knows (import them first); an empty owner leaves the control without one, an empty
/// cadence keeps it. Every row is checked before anything is written; each changed control gets its audit event.
/// </summary>
public sealed class OwnershipImport(IComplianceStore store, AuditTrail audit)
{
    public static readonly IReadOnlyList<string> Columns = ["control", "owner", "delegate", "reviewer", "cadence"];

    public async Task<ImportReport> ImportAsync(TextReader csv, bool dryRun, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var (rows, headerError) = CsvTable.Read(csv, Columns);
        if (headerError is not null) return new ImportReport(dryRun, 0, [headerError], 0, 0, 0);

        var controls = (await store.ListAsync<Control>(cancellationToken)).ToDictionary(c => c.Document.Id, c => c.Document, StringComparer.OrdinalIgnoreCase);
        var people = (await store.ListAsync<Person>(cancellationToken)).Select(p => p.Document.Id).ToHashSet(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<RowError>();
        var changed = new List<Control>();
        var unchanged = 0;
        foreach (var row in rows)
        {
            var before = errors.Count;
            var id = row["control"].Trim();
            if (!controls.TryGetValue(id, out var control)) errors.Add(new(row.Number, "control", $"There is no control '{PeopleImport.Shorten(id)}'."));
            else if (seen.TryGetValue(id, out var first)) errors.Add(new(row.Number, "control", $"{control.Id} is already on row {first}."));
            else seen[id] = row.Number;

            string? Person(string column)
            {
                var email = row[column].Trim();
                if (email.Length == 0) return null;
                if (!PeopleDirectory.IsEmail(email)) errors.Add(new(row.Number, column, $"'{PeopleImport.Shorten(email)}' is not an email address."));
                else if (!people.Contains(Records.Person.IdFor(email))) errors.Add(new(row.Number, column, $"{email} is not someone ComplianceBot knows; import them with the people first."));
                return Records.Person.IdFor(email);
            }

            var owner = Person("owner");
            var deputy = Person("delegate");
            var reviewer = Person("reviewer");
            if (deputy is not null && deputy == owner) errors.Add(new(row.Number, "delegate", "The delegate must be someone other than the owner."));
            Cadence? cadence = null;
            if (row["cadence"].Trim() is { Length: > 0 } text)
            {
                if (Enum.TryParse<Cadence>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !text.Any(char.IsDigit)) cadence = parsed;
                else errors.Add(new(row.Number, "cadence", $"'{PeopleImport.Shorten(text)}' is not a cadence; use monthly, quarterly, semiannual or annual."));
            }

            if (errors.Count > before || control is null) continue;
            var updated = control with { OwnerId = owner, DelegateId = deputy, ReviewerId = reviewer, Cadence = cadence ?? control.Cadence };
            if (updated == control) unchanged++;
            else changed.Add(updated);
        }

        errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : string.CompareOrdinal(a.Column, b.Column));
        var report = new ImportReport(dryRun, rows.Count, errors, 0, changed.Count, unchanged);
        if (!report.Applied) return report;

        foreach (var control in changed)
        {
            await store.UpdateAsync<Control>(control.Id, c => c with
            {
                OwnerId = control.OwnerId, DelegateId = control.DelegateId, ReviewerId = control.ReviewerId, Cadence = control.Cadence,
            }, cancellationToken);
            await audit.RecordAsync(actor, "control.ownership_imported", Control.Kind, control.Id,
                $"owner={control.OwnerId ?? "-"} delegate={control.DelegateId ?? "-"} reviewer={control.ReviewerId ?? "-"} cadence={control.Cadence}", cancellationToken);
        }

        return report;
    }

    public async Task ExportAsync(TextWriter csv, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        Csv.WriteRow(csv, Columns);
        foreach (var control in (await store.ListAsync<Control>(cancellationToken)).Select(c => c.Document))
            Csv.WriteRow(csv, [control.Id, control.OwnerId ?? "", control.DelegateId ?? "", control.ReviewerId ?? "", control.Cadence.ToString().ToLowerInvariant()]);
    }
}
