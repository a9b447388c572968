using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Library;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Data.Sqlite;

namespace ComplianceBot.IntegrationTests.Host;

public sealed class AuditorApiTests : HostTestBase
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    private async Task<List<string[]>> CsvAsync(string path)
    {
        using var client = Factory.CreateAuditorClient();
        var response = await client.GetAsync(Url(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StringReader(await response.Content.ReadAsStringAsync());
        return Csv.Read(reader).ToList();
    }

    private async Task<JsonElement> JsonAsync(string path)
    {
        using var client = Factory.CreateAuditorClient();
        var response = await client.GetAsync(Url(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Statement_of_applicability_lists_all_93_Annex_A_controls()
    {
        await Service<ControlLibrary>().DecideApplicabilityAsync(
            "iso27001", "7.5", false, "All hosting is in cloud regions; no premises of our own.", "lead@example.com");

        var rows = await CsvAsync("/api/reports/soa.csv");

        Assert.Equal("Annex A control", rows[0][0].TrimStart('\uFEFF'));
        var body = rows.Skip(1).ToList();
        Assert.Equal(FrameworkCatalog.Default.Iso27001.Requirements.Select(r => r.Id), body.Select(r => r[0]));
        var excluded = body.Single(r => r[0] == "7.5");
        Assert.Equal(("No", "All hosting is in cloud regions; no premises of our own.", "Excluded"), (excluded[3], excluded[4], excluded[6]));
        Assert.All(body.Where(r => r[0] != "7.5"), r => Assert.Equal("Yes", r[3]));
        Assert.All(body, r => Assert.NotEqual("", r[5]));
    }

    [Fact]
    public async Task Soc2_matrix_lists_every_in_scope_criterion()
    {
        var rows = (await CsvAsync("/api/reports/soc2-matrix.csv")).Skip(1).ToList();
        Assert.Equal(36, rows.Count); // 33 common criteria + 3 availability (configured in scope)
        Assert.Contains(rows, r => r[0] == "A1.3");
        Assert.DoesNotContain(rows, r => r[0].StartsWith('P') || r[0].StartsWith('C') && !r[0].StartsWith("CC", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Coverage_reports_both_frameworks_and_follows_attestations_and_evidence()
    {
        await AssignAllAsync("olive@example.com", "Olive Owner");
        var before = await JsonAsync("/api/coverage");
        var frameworks = before.GetProperty("frameworks").EnumerateArray().ToList();
        Assert.Equal(["iso27001", "soc2"], frameworks.Select(f => f.GetProperty("id").GetString()));
        Assert.Equal(93, frameworks[0].GetProperty("inScope").GetInt32());
        Assert.Equal(36, frameworks[1].GetProperty("inScope").GetInt32());
        Assert.Equal(0, frameworks[0].GetProperty("covered").GetInt32());
        var topGap = frameworks[0].GetProperty("topGaps")[0];
        Assert.Equal("gap", topGap.GetProperty("state").GetString());
        Assert.Equal("Olive Owner", topGap.GetProperty("shortfalls")[0].GetProperty("ownerName").GetString());

        // GOV-01 is the only control mapped to Annex A 5.1 in the starter library.
        Assert.Equal(["GOV-01"], StarterLibrary.Controls.Where(c => c.Iso27001.Contains("5.1")).Select(c => c.Id));
        // GOV-01 is annual: in November 2026 it is attested for 2025, with evidence from 2025.
        await Service<AttestationBook>().AnswerAsync(new AttestationAnswer("GOV-01", "olive@example.com", AttestationResult.Operating, null, []));
        await FileEvidenceAsync("GOV-01", "policy approval minutes", new DateOnly(2025, 11, 2));

        var iso = (await JsonAsync("/api/coverage?framework=iso27001")).GetProperty("frameworks").EnumerateArray().Single();
        var requirement51 = iso.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "5.1");
        Assert.Equal("covered", requirement51.GetProperty("state").GetString());
        Assert.True(iso.GetProperty("covered").GetInt32() >= 1);
    }

    [Fact]
    public async Task OperatingHistory_and_design_readiness_over_the_api()
    {
        await AssignAllAsync("olive@example.com", "Olive Owner");
        // GOV-01 (annual, the only control for Annex A 5.1): 2025 answered on 20 November 2026, long after it fell due.
        await Service<AttestationBook>().AnswerAsync(new AttestationAnswer("GOV-01", "olive@example.com", AttestationResult.Operating, null, [], "2025"));
        await FileEvidenceAsync("GOV-01", "policy approval minutes", new DateOnly(2025, 11, 2));

        var operating = await JsonAsync("/api/coverage?view=operating&from=2025-01-01&to=2025-12-31&framework=iso27001");
        Assert.Equal(("operating", "2025-01-01", "2025-12-31"), (operating.GetProperty("view").GetString(), operating.GetProperty("from").GetString(), operating.GetProperty("to").GetString()));
        var histories = operating.GetProperty("operating").EnumerateArray().ToDictionary(h => h.GetProperty("controlId").GetString()!);
        var gov01 = histories["GOV-01"];
        Assert.Equal((1, 1, 1, "operated"), (gov01.GetProperty("expected").GetInt32(), gov01.GetProperty("operated").GetInt32(), gov01.GetProperty("exceptions").GetInt32(), gov01.GetProperty("verdict").GetString()));
        Assert.Equal(["late"], gov01.GetProperty("periods")[0].GetProperty("exceptions").EnumerateArray().Select(e => e.GetString()));
        var monthly = histories[StarterLibrary.Controls.First(c => c.Cadence == Cadence.Monthly).Id];
        Assert.Equal((12, 0, "notOperated"), (monthly.GetProperty("expected").GetInt32(), monthly.GetProperty("operated").GetInt32(), monthly.GetProperty("verdict").GetString()));
        var iso = operating.GetProperty("frameworks").EnumerateArray().Single();
        Assert.Equal("iso27001", iso.GetProperty("id").GetString());
        // GOV-01 is also the only control for 5.37; every other control had 2025 periods and answered none.
        Assert.Equal(["5.1", "5.37"], iso.GetProperty("requirements").EnumerateArray().Where(r => r.GetProperty("ready").GetBoolean()).Select(r => r.GetProperty("id").GetString()));
        Assert.Equal((2, 2.2), (iso.GetProperty("ready").GetInt32(), iso.GetProperty("percent").GetDouble()));

        var design = await JsonAsync("/api/coverage?view=design");
        Assert.Equal(("design", "2026-11-20"), (design.GetProperty("view").GetString(), design.GetProperty("to").GetString()));
        var controls = design.GetProperty("design").EnumerateArray().ToDictionary(d => d.GetProperty("controlId").GetString()!);
        Assert.True(controls["GOV-01"].GetProperty("ready").GetBoolean());
        Assert.Equal(["no approved evidence"], controls["AC-01"].GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        var isoDesign = design.GetProperty("frameworks")[0];
        Assert.Equal(("no approved evidence", "Olive Owner"), (
            isoDesign.GetProperty("topGaps")[0].GetProperty("gaps")[0].GetProperty("reason").GetString(),
            isoDesign.GetProperty("topGaps")[0].GetProperty("gaps")[0].GetProperty("ownerName").GetString()));
    }

    [Fact]
    public async Task Coverage_shows_the_change_since_last_week()
    {
        await AssignAllAsync("olive@example.com", "Olive Owner");
        var engine = Service<CoverageEngine>();
        await Service<CoverageHistory>().RecordAsync(await engine.ComputeAsync());

        Factory.Time.Advance(TimeSpan.FromDays(7));
        await Service<AttestationBook>().AnswerAsync(new AttestationAnswer("GOV-01", "olive@example.com", AttestationResult.Operating, null, []));
        await FileEvidenceAsync("GOV-01", "policy approval minutes", new DateOnly(2025, 11, 25));

        var iso = (await JsonAsync("/api/coverage")).GetProperty("frameworks")[0];
        Assert.Equal(0, iso.GetProperty("previousPercent").GetDouble());
        Assert.True(iso.GetProperty("changeSinceLastWeek").GetDouble() > 0);
        Assert.Contains("5.1", iso.GetProperty("newlyCovered").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Frameworks_endpoint_describes_catalogs_and_scope()
    {
        var list = (await JsonAsync("/api/frameworks")).EnumerateArray().ToList();
        Assert.Equal((93, 61, 36), (list[0].GetProperty("requirements").GetInt32(), list[1].GetProperty("requirements").GetInt32(), list[1].GetProperty("inScope").GetInt32()));
        var soc2 = await JsonAsync("/api/frameworks/SOC2");
        Assert.Equal(61, soc2.GetProperty("requirements").GetArrayLength());
    }

    [Fact]
    public async Task Xlsx_export_holds_the_same_rows_as_csv()
    {
        using var client = Factory.CreateAuditorClient();
        var response = await client.GetAsync(Url("/api/reports/soa.xlsx"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var workbook = SpreadsheetDocument.Open(stream, false);
        var sheet = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = sheet.Descendants<Row>().ToList();
        Assert.Equal(94, rows.Count);
        Assert.Equal("8.34", rows[^1].Descendants<Text>().First().Text);
    }

    [Fact]
    public async Task Evidence_and_risk_registers_export_what_was_recorded()
    {
        var first = await FileEvidenceAsync("AC-01", "access review export", new DateOnly(2026, 11, 1));
        await FileEvidenceAsync("AC-02", "mfa report", new DateOnly(2026, 11, 3));

        var evidence = await CsvAsync("/api/reports/evidence.csv");
        Assert.Equal(3, evidence.Count);
        Assert.Contains(evidence, r => r[0] == first.Id && r[5] == first.Sha256 && r[6] == "2026-11-01");
        Assert.Equal(2, (await CsvAsync("/api/reports/evidence.csv?limit=1")).Count);

        var risks = await CsvAsync("/api/reports/risk-register.csv");
        Assert.Equal("Risk", risks[0][0].TrimStart('\uFEFF'));
    }

    [Fact]
    public async Task Control_detail_shows_status_attestations_and_evidence()
    {
        await FileEvidenceAsync("AC-01", "access review export", new DateOnly(2026, 11, 1));
        var detail = await JsonAsync("/api/controls/AC-01");
        Assert.Equal("AC-01", detail.GetProperty("control").GetProperty("id").GetString());
        Assert.Equal(1, detail.GetProperty("evidence").GetArrayLength());
        Assert.Equal("gap", detail.GetProperty("status").GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("/api/coverage?framework=nist-csf", HttpStatusCode.BadRequest, "nist-csf")]
    [InlineData("/api/coverage?top=0", HttpStatusCode.BadRequest, "top")]
    [InlineData("/api/coverage?view=type3", HttpStatusCode.BadRequest, "'design' or 'operating'")]
    [InlineData("/api/coverage?view=1", HttpStatusCode.BadRequest, "'design' or 'operating'")]
    [InlineData("/api/coverage?view=operating&from=2026-12-01&to=2026-01-01", HttpStatusCode.BadRequest, "ends before it starts")]
    [InlineData("/api/coverage?view=operating&from=2020-01-01&to=2026-01-01", HttpStatusCode.BadRequest, "three years")]
    [InlineData("/api/coverage?view=operating&from=2026-01-01", HttpStatusCode.BadRequest, "'to' must be a day")]
    [InlineData("/api/coverage?view=design&from=2026-01-01", HttpStatusCode.BadRequest, "point in time")]
    [InlineData("/api/coverage?view=design&to=yesterday", HttpStatusCode.BadRequest, "'to' must be a day")]
    [InlineData("/api/coverage?from=2026-01-01&to=2026-02-01", HttpStatusCode.BadRequest, "view=design or view=operating")]
    [InlineData("/api/frameworks/pci", HttpStatusCode.NotFound, "iso27001, soc2")]
    [InlineData("/api/controls/AC_01;DROP", HttpStatusCode.BadRequest, "not a control id")]
    [InlineData("/api/controls/ZZ-99", HttpStatusCode.NotFound, "no control ZZ-99")]
    [InlineData("/api/reports/payroll.csv", HttpStatusCode.NotFound, "soa, soc2-matrix")]
    [InlineData("/api/reports/soa.pdf", HttpStatusCode.BadRequest, ".csv or .xlsx")]
    [InlineData("/api/reports/soa", HttpStatusCode.BadRequest, ".csv or .xlsx")]
    [InlineData("/api/reports/evidence.csv?limit=5000000", HttpStatusCode.BadRequest, "limit")]
    [InlineData("/api/reports/evidence.xlsx?limit=0", HttpStatusCode.BadRequest, "limit")]
    [InlineData("/api/reports/evidence.csv?limit=lots", HttpStatusCode.BadRequest, "limit")]
    public async Task Bad_requests_get_a_clear_4xx(string path, HttpStatusCode status, string mentioned)
    {
        using var client = Factory.CreateAuditorClient();
        var response = await client.GetAsync(Url(path));
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(mentioned, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_or_wrong_key_is_401()
    {
        using var anonymous = Factory.CreateClient();
        var missing = await anonymous.GetAsync(Url("/api/coverage"));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);

        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", ComplianceBotFactory.ApiKey + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Url("/api/reports/soa.csv"))).StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_key_every_report_request_is_refused()
    {
        using var folder = new TempFolder();
        using var factory = new ComplianceBotFactory(folder.Path, new Dictionary<string, string?> { ["Api:Key"] = "", ["Api:AdminKey"] = "" });
        using var client = factory.CreateAuditorClient();
        foreach (var path in new[] { "/api/frameworks", "/api/coverage", "/api/reports/soa.csv", "/api/audit/verify" })
        {
            var response = await client.GetAsync(Url(path));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("Api__Key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url("/healthz"))).StatusCode);
    }

    [Fact]
    public async Task Audit_verification_reports_the_first_broken_link()
    {
        await FileEvidenceAsync("AC-01", "access review export", new DateOnly(2026, 11, 1));
        var intact = await JsonAsync("/api/audit/verify");
        Assert.True(intact.GetProperty("intact").GetBoolean());
        Assert.Equal(2, intact.GetProperty("eventsVerified").GetInt64()); // library seeded, evidence filed

        // Someone with database access rewrites who filed the evidence.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(Folder.Path, "compliancebot.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE documents SET body = json_set(body, '$.actor', 'mallory@example.com') WHERE kind = 'audit' AND id = '000000000002';";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var broken = await JsonAsync("/api/audit/verify");
        Assert.False(broken.GetProperty("intact").GetBoolean());
        Assert.Equal(2, broken.GetProperty("firstBrokenSequence").GetInt64());
        Assert.Equal(1, broken.GetProperty("eventsVerified").GetInt64());
    }
}
