using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Text;

namespace ComplianceBot.IntegrationTests.Host;

/// <summary>
/// The audit package over HTTP, opened and checked independently, then checked by the host's verify-package
/// command, intact and tampered with. 20 November 2026: GOV-01 (annual, ISO 5.1 and 5.37) answered for 2025.
/// </summary>
public sealed class AuditPackageTests : HostTestBase
{
    private const string Iso2025 = "/api/reports/audit-package.zip?framework=iso27001&from=2025-01-01&to=2025-12-31";

    private async Task<(Evidence Approved, Evidence Rejected)> SeedAsync()
    {
        await AssignAllAsync("olive@example.com", "Olive Owner");
        var approved = await FileEvidenceAsync("GOV-01", "Board minutes approving the policy set, 2 November 2025", new DateOnly(2025, 11, 2));
        await Service<AttestationBook>().AnswerAsync(new AttestationAnswer("GOV-01", "olive@example.com", AttestationResult.Operating, "Approved at the November board", [approved.Id], "2025"));
        await using var draft = new MemoryStream(Encoding.UTF8.GetBytes("draft minutes"));
        var rejected = await Service<EvidenceLocker>().FileAsync(new EvidenceUpload(
            draft, "draft.txt", "text/plain", null, ["GOV-01"], new DateOnly(2025, 11, 1), null, "olive@example.com", null, EvidenceReview.Rejected));
        return (approved, rejected);
    }

    private async Task<byte[]> DownloadAsync(string path = Iso2025)
    {
        using var client = Factory.CreateAuditorClient();
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("audit-package-iso27001-2025-01-01-2025-12-31.zip", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static string Text(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private string SavedPackage(byte[] bytes, string name = "package.zip")
    {
        var path = Path.Combine(Folder.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public async Task AuditPackage_opens_and_every_file_matches_the_manifest()
    {
        var (approved, rejected) = await SeedAsync();
        var bytes = await DownloadAsync();

        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        using var manifest = JsonDocument.Parse(Text(zip, "manifest.json"));
        var root = manifest.RootElement;
        Assert.Equal(("iso27001", "2025-01-01", "2025-12-31"), (root.GetProperty("framework").GetString(), root.GetProperty("from").GetString(), root.GetProperty("to").GetString()));
        var head = await Service<IComplianceStore>().FindLastAuditEventAsync();
        Assert.Equal(head!.Hash, root.GetProperty("auditTrail").GetProperty("headHash").GetString());

        // Every file but the manifest is listed, once, with the SHA-256 and size of what is in the zip.
        var listed = root.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f);
        Assert.Equal(zip.Entries.Select(e => e.FullName).Where(n => n != "manifest.json").Order(StringComparer.Ordinal), listed.Keys.Order(StringComparer.Ordinal));
        foreach (var entry in zip.Entries.Where(e => e.FullName != "manifest.json"))
        {
            using var content = new MemoryStream();
            using (var stream = entry.Open()) stream.CopyTo(content);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content.ToArray())), listed[entry.FullName].GetProperty("sha256").GetString());
            Assert.Equal(content.Length, listed[entry.FullName].GetProperty("size").GetInt64());
        }

        // The approved evidence is in, byte for byte; the rejected one is not.
        var evidencePath = $"evidence/{approved.Id}/GOV-01.txt";
        Assert.Equal("Board minutes approving the policy set, 2 November 2025", Text(zip, evidencePath));
        Assert.Equal(approved.Sha256, listed[evidencePath].GetProperty("sha256").GetString());
        Assert.DoesNotContain(zip.Entries, e => e.FullName.Contains(rejected.Id, StringComparison.Ordinal));
        var register = Csv.Read(new StringReader(Text(zip, "evidence.csv"))).ToList();
        Assert.Equal([approved.Id, evidencePath, "matches"], new[] { register[1][0], register[1][1], register[1][6] });
        Assert.Equal(2, register.Count);

        // The SoA, the history, the exceptions and GOV-01's attestation for 2025 with its evidence linked.
        Assert.Equal(94, Csv.Read(new StringReader(Text(zip, "soa.csv"))).Count());
        var gov01 = Csv.Read(new StringReader(Text(zip, "controls/GOV-01/attestations.csv"))).Skip(1).Single();
        Assert.Equal(("2025", "Operating", "Yes", approved.Id), (gov01[0], gov01[3], gov01[6], gov01[10]));
        var history = Csv.Read(new StringReader(Text(zip, "operating-history.csv"))).Single(r => r[0] == "GOV-01");
        Assert.Equal(("1", "1", "1", "Operated"), (history[5], history[7], history[10], history[11]));
        Assert.Contains(Csv.Read(new StringReader(Text(zip, "exceptions.csv"))), r => r[0] == "GOV-01" && r[5] == "answered late");
        Assert.DoesNotContain(zip.Entries, e => e.FullName.StartsWith("controls/DAT-04/", StringComparison.Ordinal)); // DAT-04 maps to SOC 2 only

        var verified = await HostCommand.RunAsync("verify-package", SavedPackage(bytes));
        Assert.Equal(0, verified.ExitCode);
        Assert.Contains($"Intact: {listed.Count:N0} files match manifest.json (iso27001, 2025-01-01 to 2025-12-31; audit trail head {head.Hash})", verified.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditPackage_tampering_is_found_by_the_verify_command()
    {
        var (approved, _) = await SeedAsync();
        var bytes = await DownloadAsync();
        var evidencePath = $"evidence/{approved.Id}/GOV-01.txt";

        // Change one file, remove another and slip a third in, keeping the manifest as it was.
        using var tampered = new MemoryStream();
        tampered.Write(bytes);
        using (var zip = new ZipArchive(tampered, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(evidencePath)!.Delete();
            using (var writer = new StreamWriter(zip.CreateEntry(evidencePath).Open())) writer.Write("Board minutes approving the policy set, 9 November 2025");
            zip.GetEntry("exceptions.csv")!.Delete();
            using (var writer = new StreamWriter(zip.CreateEntry("evidence/extra.txt").Open())) writer.Write("planted");
        }

        var run = await HostCommand.RunAsync("verify-package", SavedPackage(tampered.ToArray(), "tampered.zip"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"TAMPERED {evidencePath}: SHA-256 ", run.Errors, StringComparison.Ordinal);
        Assert.Contains("TAMPERED exceptions.csv: listed in the manifest but not in the package.", run.Errors, StringComparison.Ordinal);
        Assert.Contains("TAMPERED evidence/extra.txt: in the package but not in the manifest.", run.Errors, StringComparison.Ordinal);

        var truncated = await HostCommand.RunAsync("verify-package", SavedPackage(bytes[..(bytes.Length / 2)], "truncated.zip"));
        Assert.Equal(2, truncated.ExitCode);
        Assert.Contains("Not a readable zip", truncated.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditPackage_flags_evidence_whose_stored_file_no_longer_matches_its_record()
    {
        var (approved, _) = await SeedAsync();
        var stored = Directory.EnumerateFiles(Path.Combine(Folder.Path, "evidence"), "*", SearchOption.AllDirectories)
            .Single(f => File.ReadAllText(f).StartsWith("Board minutes", StringComparison.Ordinal));
        File.SetAttributes(stored, FileAttributes.Normal);
        await File.WriteAllTextAsync(stored, "Board minutes approving the policy set, 2 November 2025 (edited)");

        var bytes = await DownloadAsync();
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        using var manifest = JsonDocument.Parse(Text(zip, "manifest.json"));
        var mismatch = manifest.RootElement.GetProperty("evidence").GetProperty("contentMismatch").EnumerateArray().Single();
        Assert.Equal((approved.Id, approved.Sha256), (mismatch.GetProperty("evidence").GetString(), mismatch.GetProperty("recordedSha256").GetString()));
        Assert.Equal("DOES NOT MATCH its record", Csv.Read(new StringReader(Text(zip, "evidence.csv"))).Skip(1).Single()[6]);

        // The package holds what the store holds, faithfully: intact, with the finding carried as a warning.
        var run = await HostCommand.RunAsync("verify-package", SavedPackage(bytes));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"WARNING Evidence {approved.Id}: its stored file did not match its recorded SHA-256", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/reports/audit-package.zip", "framework=iso27001 or framework=soc2")]
    [InlineData("/api/reports/audit-package.zip?framework=pci", "framework=iso27001 or framework=soc2")]
    [InlineData("/api/reports/audit-package.zip?framework=soc2&from=2026-02-01&to=2026-01-01", "ends before it starts")]
    [InlineData("/api/reports/audit-package.zip?framework=soc2&from=2026-01-01", "'to' must be a day")]
    public async Task AuditPackage_bad_arguments_get_400_before_anything_is_streamed(string path, string mentioned)
    {
        using var client = Factory.CreateAuditorClient();
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(mentioned, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditPackage_needs_the_auditor_key()
    {
        using var anonymous = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(Iso2025, UriKind.Relative))).StatusCode);
    }
}
