using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ComplianceBot.Core.Library;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Text;

namespace ComplianceBot.IntegrationTests.Host;

/// <summary>
/// Bulk onboarding over the admin API and the host command: 2,000 people and the 72 starter controls' ownership, each
/// file with three wrong rows first; nothing is imported until they are fixed, then everything at once; exports round-trip.
/// </summary>
public sealed class OnboardingTests : HostTestBase
{
    private static readonly string[] Zones = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC"];

    /// <summary>Person i reports to person (i / 10) (person 0 to nobody); person 0 is the compliance admin.</summary>
    private static List<string[]> People(int count) =>
        Enumerable.Range(0, count).Select(i => new[]
        {
            $"p{i:D4}@example.com", $"Person {i}", i == 0 ? "" : $"p{i / 10:D4}@example.com", Zones[i % Zones.Length], i == 0 ? "compliance-admin" : "",
        }).ToList();

    private static List<string[]> Ownership() =>
        StarterLibrary.Controls.Select((c, k) => new[] { c.Id, $"p{k + 1:D4}@example.com", $"p{k + 101:D4}@example.com", "p0000@example.com", k % 2 == 0 ? "quarterly" : "" }).ToList();

    private static string Csv(IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        using var writer = new StringWriter();
        Core.Text.Csv.WriteRow(writer, header);
        foreach (var row in rows) Core.Text.Csv.WriteRow(writer, row);
        return writer.ToString();
    }

    private async Task<(HttpStatusCode Status, JsonElement Report)> ImportAsync(string kind, string csv, bool dryRun)
    {
        using var client = Factory.CreateAdminClient();
        var response = await client.PostAsync(new Uri($"/api/import/{kind}{(dryRun ? "?dryRun=true" : "")}", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static List<(int Row, string Column)> Errors(JsonElement report) =>
        report.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString()!)).ToList();

    private static (int Created, int Updated, int Unchanged) Counts(JsonElement report) =>
        (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32(), report.GetProperty("unchanged").GetInt32());

    private async Task<string> ExportAsync(string name)
    {
        using var client = Factory.CreateAdminClient();
        var response = await client.GetAsync(new Uri($"/api/export/{name}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Import_of_2000_people_and_72_owners_refuses_three_bad_rows_until_fixed_then_imports_everything_and_exports_round_trip()
    {
        var store = Service<IComplianceStore>();
        var people = People(2000);
        var broken = people.Select(r => r.ToArray()).ToList();
        broken[1041][0] = "p1041-at-example.com"; // row 1043: not an email (nobody reports to p1041)
        broken[700][3] = "Mars/Olympus_Mons"; // row 702: no such time zone
        broken[1999][2] = "ghost@example.com"; // row 2001: a manager nobody knows
        var header = Core.Onboarding.PeopleImport.Columns;

        var (dryStatus, dry) = await ImportAsync("people", Csv(header, broken), dryRun: true);
        Assert.Equal(HttpStatusCode.OK, dryStatus);
        Assert.Equal([(702, "time_zone"), (1043, "email"), (2001, "manager")], Errors(dry));
        Assert.Equal(2000, dry.GetProperty("rows").GetInt32());
        var (refusedStatus, refused) = await ImportAsync("people", Csv(header, broken), dryRun: false);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refusedStatus);
        Assert.Equal(3, Errors(refused).Count);
        Assert.Equal(0, await store.CountAsync<Person>());

        var (status, imported) = await ImportAsync("people", Csv(header, people), dryRun: false);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((2000, 0, 0), Counts(imported));
        Assert.Equal(2000, await store.CountAsync<Person>());
        var p0121 = (await store.FindAsync<Person>("p0121@example.com"))!.Document; // 121 mod 4 = 1: New York
        Assert.Equal(("Person 121", "p0012@example.com", "America/New_York"), (p0121.DisplayName, p0121.ManagerId, p0121.TimeZone));
        Assert.Equal(["compliance-admin"], (await store.FindAsync<Person>("p0000@example.com"))!.Document.Roles);

        // Ownership: an unknown control, an owner nobody knows, a cadence that is not one.
        var owners = Ownership();
        var wrong = owners.Select(r => r.ToArray()).ToList();
        wrong[4][0] = "AC-99";
        wrong[30][1] = "stranger@example.com";
        wrong[71][4] = "fortnightly";
        var ownershipHeader = Core.Onboarding.OwnershipImport.Columns;
        Assert.Equal([(6, "control"), (32, "owner"), (73, "cadence")], Errors((await ImportAsync("ownership", Csv(ownershipHeader, wrong), dryRun: true)).Report));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ImportAsync("ownership", Csv(ownershipHeader, wrong), dryRun: false)).Status);
        Assert.Equal(72, (await store.ListAsync<Control>()).Count(c => c.Document.OwnerId is null));
        var (ownedStatus, owned) = await ImportAsync("ownership", Csv(ownershipHeader, owners), dryRun: false);
        Assert.Equal((HttpStatusCode.OK, (0, 72, 0)), (ownedStatus, Counts(owned)));
        var ac01 = (await store.FindAsync<Control>("AC-01"))!.Document;
        var k = StarterLibrary.Controls.ToList().FindIndex(c => c.Id == "AC-01");
        Assert.Equal(($"p{k + 1:D4}@example.com", $"p{k + 101:D4}@example.com", "p0000@example.com"), (ac01.OwnerId, ac01.DelegateId, ac01.ReviewerId));

        // The exports are the files imported: importing them again changes nothing.
        var peopleExport = await ExportAsync("people.csv");
        Assert.Equal(people.Select(r => string.Join('|', r)).Order(StringComparer.Ordinal),
            Core.Text.Csv.Read(new StringReader(peopleExport)).Skip(1).Select(r => string.Join('|', r)).Order(StringComparer.Ordinal));
        Assert.Equal((0, 0, 2000), Counts((await ImportAsync("people", peopleExport, dryRun: true)).Report));
        Assert.Equal((0, 0, 72), Counts((await ImportAsync("ownership", await ExportAsync("ownership.csv"), dryRun: true)).Report));
    }

    [Theory]
    [InlineData("people", "", HttpStatusCode.BadRequest, "Send the CSV file")]
    [InlineData("people", "mail,name\nx@example.com,X\n", HttpStatusCode.UnprocessableEntity, "The header lacks email")]
    [InlineData("ownership", "control,owner,delegate,reviewer,cadence\nAC-01,,,,\nAC-01,,,,\n", HttpStatusCode.UnprocessableEntity, "AC-01 is already on row 2")]
    public async Task Import_refuses_what_it_cannot_read_with_a_clear_answer(string kind, string body, HttpStatusCode status, string mentioned)
    {
        using var client = Factory.CreateAdminClient();
        var response = await client.PostAsync(new Uri($"/api/import/{kind}", UriKind.Relative), new StringContent(body, Encoding.UTF8, "text/csv"));
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(mentioned, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_needs_the_admin_key_and_the_API_lists_controls_without_an_owner()
    {
        using var auditor = Factory.CreateAuditorClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await auditor.PostAsync(new Uri("/api/import/people", UriKind.Relative), new StringContent("email,name,manager,time_zone,roles\n"))).StatusCode);
        var unowned = await auditor.GetFromJsonAsync<JsonElement>(new Uri("/api/controls?owner=none", UriKind.Relative));
        Assert.Equal(72, unowned.GetArrayLength());
        await AssignAllAsync("olive@example.com", "Olive Owner");
        Assert.Equal(0, (await auditor.GetFromJsonAsync<JsonElement>(new Uri("/api/controls?owner=none", UriKind.Relative))).GetArrayLength());
    }

    [Fact]
    public async Task The_host_command_imports_and_exports_the_same_files()
    {
        var data = Path.Combine(Folder.Path, "command");
        Directory.CreateDirectory(data);
        string[] settings = ["--Storage:EmbeddedPath", Path.Combine(data, "store.db"), "--Evidence:LocalPath", Path.Combine(data, "evidence")];
        var file = Path.Combine(data, "people.csv");
        var people = People(30);
        people[5][3] = "Nowhere/Town";
        await File.WriteAllTextAsync(file, Csv(Core.Onboarding.PeopleImport.Columns, people));

        var refused = await HostCommand.RunAsync(["import", "people", file, .. settings]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("row 7, time_zone: 'Nowhere/Town' is not a time zone", refused.Errors, StringComparison.Ordinal);

        people[5][3] = "Europe/Paris";
        await File.WriteAllTextAsync(file, Csv(Core.Onboarding.PeopleImport.Columns, people));
        var dry = await HostCommand.RunAsync(["import", "people", file, "--dry-run", .. settings]);
        Assert.Equal((0, "Dry run: would create 30, update 0, 0 unchanged, of 30 rows."), (dry.ExitCode, dry.Output.Trim()));
        var imported = await HostCommand.RunAsync(["import", "people", file, .. settings]);
        Assert.Equal((0, "Created 30, updated 0, 0 unchanged, of 30 rows."), (imported.ExitCode, imported.Output.Trim()));

        var exported = Path.Combine(data, "exported.csv");
        Assert.Equal(0, (await HostCommand.RunAsync(["export", "people", exported, .. settings])).ExitCode);
        Assert.Equal(people.Select(r => string.Join('|', r)).Order(StringComparer.Ordinal),
            Core.Text.Csv.Read(new StringReader(await File.ReadAllTextAsync(exported))).Skip(1).Select(r => string.Join('|', r)).Order(StringComparer.Ordinal));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
