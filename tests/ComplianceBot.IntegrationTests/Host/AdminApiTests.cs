using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.IntegrationTests.Host;

public sealed class AdminApiTests : HostTestBase
{
    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task Admin_assigns_owners_changes_cadence_and_excludes_a_requirement()
    {
        using var admin = Factory.CreateAdminClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync(Url("/api/people/lena@example.com"),
            new { displayName = "Lena Lead", timeZone = "Europe/Berlin" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync(Url("/api/people/Olive@Example.com"),
            new { displayName = "Olive Owner", timeZone = "America/New_York", managerEmail = "lena@example.com" })).StatusCode);

        var assigned = await admin.PutAsJsonAsync(Url("/api/controls/ac-01/assignment"), new { owner = "olive@example.com", @delegate = "lena@example.com" });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        var cadence = await admin.PutAsJsonAsync(Url("/api/controls/AC-01/cadence"), new { cadence = "monthly", freshnessDays = 40 });
        Assert.Equal(HttpStatusCode.OK, cadence.StatusCode);
        var excluded = await admin.PutAsJsonAsync(Url("/api/requirements/iso27001/7.5/applicability"),
            new { applicable = false, justification = "No premises of our own; hosting is in cloud regions." });
        Assert.Equal(HttpStatusCode.OK, excluded.StatusCode);

        var store = Service<IComplianceStore>();
        var control = (await store.FindAsync<Control>("AC-01"))!.Document;
        Assert.Equal(("olive@example.com", "lena@example.com", Cadence.Monthly, 40), (control.OwnerId, control.DelegateId, control.Cadence, control.FreshnessDays));
        var olive = (await store.FindAsync<Person>("olive@example.com"))!.Document;
        Assert.Equal(("lena@example.com", "America/New_York"), (olive.ManagerId, olive.TimeZone));
        Assert.False((await store.FindAsync<RequirementDecision>("iso27001:7.5"))!.Document.Applicable);

        var trail = (await store.ListAsync<AuditEvent>()).Select(e => e.Document).ToList();
        Assert.Contains(trail, e => e.Action == "control.assigned" && e.Actor == "admin-api:lead@example.com");
        Assert.Contains(trail, e => e.Action == "requirement.not_applicable" && e.EntityId == "iso27001:7.5");
    }

    [Fact]
    public async Task Admin_adds_a_control_and_bad_fields_are_named()
    {
        using var admin = Factory.CreateAdminClient();
        var added = await admin.PostAsJsonAsync(Url("/api/controls"), new
        {
            id = "CUS-01", name = "Board security review", objective = "Oversight of the ISMS by the board.",
            attestationQuestion = "Did the board review security this quarter?", cadence = "quarterly", freshnessDays = 100,
            iso27001 = new[] { "5.4" }, soc2 = new[] { "CC1.2" },
        });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("/api/controls/CUS-01", added.Headers.Location!.OriginalString);

        var bad = await admin.PostAsJsonAsync(Url("/api/controls"), new
        {
            id = "bad id", name = "x", objective = "o", attestationQuestion = "q?", iso27001 = new[] { "5.99" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await ProblemAsync(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("id", out _));
        Assert.Contains("5.99", errors.GetProperty("iso27001")[0].GetString(), StringComparison.Ordinal);
        Assert.Null(await Service<IComplianceStore>().FindAsync<Control>("bad id"));
    }

    [Theory]
    [InlineData("/api/controls/AC-01/assignment", "{\"owner\":\"ghost@example.com\"}", "owner")]
    [InlineData("/api/controls/AC-01/cadence", "{\"cadence\":\"monthly\",\"freshnessDays\":0}", "freshnessDays")]
    [InlineData("/api/controls/NO-99/cadence", "{\"cadence\":\"monthly\",\"freshnessDays\":30}", "control")]
    [InlineData("/api/requirements/iso27001/7.5/applicability", "{\"applicable\":false,\"justification\":\"n/a\"}", "justification")]
    [InlineData("/api/requirements/pci/1.1/applicability", "{\"applicable\":false,\"justification\":\"Out of scope entirely.\"}", "framework")]
    [InlineData("/api/people/not-an-email", "{\"displayName\":\"X\"}", "email")]
    [InlineData("/api/people/x@example.com", "{\"displayName\":\"X\",\"timeZone\":\"Mars/Base\"}", "timeZone")]
    public async Task Invalid_changes_are_refused_naming_the_field(string path, string json, string field)
    {
        using var admin = Factory.CreateAdminClient();
        var response = await admin.PutAsync(Url(path), new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"cadence\":\"fortnightly\",\"freshnessDays\":30}")]
    [InlineData("{not json")]
    [InlineData("")]
    public async Task Unreadable_bodies_are_400(string json)
    {
        using var admin = Factory.CreateAdminClient();
        var response = await admin.PutAsync(Url("/api/controls/AC-01/cadence"), new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Cadence.Quarterly, (await Service<IComplianceStore>().FindAsync<Control>("AC-01"))!.Document.Cadence);
    }

    [Theory]
    [InlineData("{\"cadence\":\"fortnightly\",\"freshnessDays\":30}", "cadence")]
    [InlineData("{\"cadence\":\"monthly\",\"freshnessDays\":\"thirty\"}", "freshnessDays")]
    public async Task Type_errors_name_the_field_not_a_type(string json, string field)
    {
        using var admin = Factory.CreateAdminClient();
        var response = await admin.PutAsync(Url("/api/controls/AC-01/cadence"), new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"The field '{field}' has a value of the wrong kind", text, StringComparison.Ordinal);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _), text);
        Assert.DoesNotContain("CadenceBody", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_auditor_key_cannot_change_anything()
    {
        using var auditor = Factory.CreateAuditorClient();
        var response = await auditor.PutAsJsonAsync(Url("/api/controls/AC-01/cadence"), new { cadence = "monthly", freshnessDays = 40 });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(Cadence.Quarterly, (await Service<IComplianceStore>().FindAsync<Control>("AC-01"))!.Document.Cadence);

        using var admin = Factory.CreateAdminClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(Url("/api/coverage"))).StatusCode);
    }

    [Fact]
    public async Task Without_an_admin_key_changes_are_refused()
    {
        using var folder = new TempFolder();
        using var factory = new ComplianceBotFactory(folder.Path, new Dictionary<string, string?> { ["Api:AdminKey"] = null });
        using var client = factory.CreateAdminClient();
        var response = await client.PutAsJsonAsync(Url("/api/people/x@example.com"), new { displayName = "X" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Api__AdminKey", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
