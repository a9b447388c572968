using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Risks;
using ComplianceBot.IntegrationTests.Host;

namespace ComplianceBot.IntegrationTests.Reports;

/// <summary>The XLSX exports opened by a real spreadsheet reader (Python's openpyxl, from Debian): typed cells, a frozen bold header with a filter.</summary>
public sealed class SpreadsheetTests : HostTestBase
{
    // Reads the workbook the way a spreadsheet program does and reports what it found.
    private const string Reader = """
        import json, sys, datetime, openpyxl
        book = openpyxl.load_workbook(sys.argv[1])
        sheet = book.active
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        def kind(v):
            if v is None: return "empty"
            if isinstance(v, bool): return "bool"
            if isinstance(v, (int, float)): return "number"
            if isinstance(v, datetime.datetime): return "date"
            return "text"
        print(json.dumps({
            "freeze": sheet.freeze_panes,
            "filter": sheet.auto_filter.ref,
            "headerBold": all(c.font.bold for c in sheet[1]),
            "header": [c.value for c in sheet[1]],
            "kinds": [kind(v) for v in rows[0]] if rows else [],
            "first": [str(v) for v in rows[0]] if rows else [],
            "widths": {k: d.width for k, d in sheet.column_dimensions.items()},
            "rows": len(rows),
        }))
        """;

    private async Task<(byte[] Bytes, JsonNode Found)> OpenAsync(string report)
    {
        using var client = Factory.CreateAuditorClient();
        var response = await client.GetAsync(new Uri($"/api/reports/{report}.xlsx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var file = Path.Combine(Folder.Path, report + ".xlsx");
        await File.WriteAllBytesAsync(file, bytes);
        var script = Path.Combine(Folder.Path, "read.py");
        await File.WriteAllTextAsync(script, Reader);
        using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await python.StandardOutput.ReadToEndAsync();
        var errors = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, errors);
        return (bytes, JsonNode.Parse(output)!);
    }

    [Fact]
    public async Task Xlsx_opened_by_a_spreadsheet_reader_has_numbers_dates_a_frozen_bold_header_and_a_filter()
    {
        await FileEvidenceAsync("AC-01", "access review export", new DateOnly(2026, 11, 1));
        await FileEvidenceAsync("AC-02", "mfa report", new DateOnly(2026, 11, 3));
        var (bytes, evidence) = await OpenAsync("evidence");

        Assert.Equal("A2", evidence["freeze"]!.GetValue<string>());
        Assert.Equal("A1:K3", evidence["filter"]!.GetValue<string>());
        Assert.True(evidence["headerBold"]!.GetValue<bool>());
        Assert.Equal(2, evidence["rows"]!.GetValue<int>());
        // Evidence, File name, Controls, Size, Content type, SHA-256, Effective, Expiry (none), Uploaded at, by, Source (none)
        Assert.Equal(["text", "text", "text", "number", "text", "text", "date", "empty", "date", "text", "empty"],
            evidence["kinds"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Contains(evidence["first"]![6]!.GetValue<string>(), new[] { "2026-11-01 00:00:00", "2026-11-03 00:00:00" }); // a date, not the text 2026-11-01
        Assert.True(evidence["widths"]!["F"]!.GetValue<double>() >= 14); // SHA-256 column
        Assert.True(evidence["widths"]!["B"]!.GetValue<double>() >= 40); // file names

        // The workbook's own parts (sheet, workbook, styles) start without a byte-order mark; the package's
        // [Content_Types].xml and relationships are the zip container's, written by System.IO.Packaging.
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        Assert.Equal(3, zip.Entries.Count(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)));
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            using var part = entry.Open();
            var start = new byte[3];
            part.ReadExactly(start);
            Assert.False(start is [0xEF, 0xBB, 0xBF], $"{entry.FullName} starts with a byte-order mark");
        }
    }

    [Fact]
    public async Task RiskLifecycle_the_register_csv_and_xlsx_show_residual_status_and_acceptance_expiry()
    {
        await AssignAllAsync("olive@example.com", "Olive Owner");
        var register = Service<RiskRegister>();
        await register.RaiseAsync(new RiskDraft(
            "Unencrypted laptops", "Field laptops were never enrolled.", "Security", 4, 3, "olive@example.com", RiskTreatment.Mitigate, [], new DateOnly(2027, 2, 1))
        {
            ResidualLikelihood = 2, ResidualImpact = 3, TreatmentPlan = "Enrol them in device management.",
        }, "olive@example.com");
        var olive = (await Service<ComplianceBot.Core.Storage.IComplianceStore>().FindAsync<Person>("olive@example.com"))!.Document;
        var (_, errors) = await register.ReviewAsync("RISK-0001", new RiskReviewDraft(4, 3, 2, 3, RiskTreatment.Accept, null, "accept",
            "Half enrolled; the rest retire in spring.", new DateOnly(2027, 3, 1), "The remaining laptops retire in April.", new DateOnly(2027, 4, 30)), olive);
        Assert.Empty(errors);
        await register.DecideAcceptanceAsync("RISK-0001", approve: true, null, olive);

        var (_, risks) = await OpenAsync("risk-register");
        var header = risks["header"]!.AsArray().Select(h => h!.GetValue<string>()).ToList();
        string Cell(string column) => risks["first"]![header.IndexOf(column)]!.GetValue<string>();
        string Kind(string column) => risks["kinds"]![header.IndexOf(column)]!.GetValue<string>();
        Assert.Equal(("4", "3", "12", "High"), (Cell("Inherent likelihood"), Cell("Inherent impact"), Cell("Inherent score"), Cell("Inherent level")));
        Assert.Equal(("2", "3", "6", "Medium", "no"), (Cell("Residual likelihood"), Cell("Residual impact"), Cell("Residual score"), Cell("Residual level"), Cell("Above appetite")));
        Assert.Equal(("Accepted", "Approved", "2027-04-30 00:00:00", "olive@example.com"), (Cell("Status"), Cell("Acceptance"), Cell("Accepted until"), Cell("Accepted by")));
        Assert.Equal(("number", "number", "date", "date"), (Kind("Residual score"), Kind("Inherent score"), Kind("Accepted until"), Kind("Review date")));
        Assert.Equal("Half enrolled; the rest retire in spring.", Cell("Last review comment"));

        using var client = Factory.CreateAuditorClient();
        var csv = await client.GetStringAsync(new Uri("/api/reports/risk-register.csv", UriKind.Relative));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var columns = lines[0].TrimEnd('\r').Split(',');
        var row = lines[1].TrimEnd('\r').Split(',');
        Assert.Equal("Accepted", row[Array.IndexOf(columns, "Status")]);
        Assert.Equal("2027-04-30", row[Array.IndexOf(columns, "Accepted until")]);
        Assert.Equal("Medium", row[Array.IndexOf(columns, "Residual level")]);
    }
}
