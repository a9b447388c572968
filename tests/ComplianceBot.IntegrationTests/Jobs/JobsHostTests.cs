using ComplianceBot.Core.Conversations;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Records;
using ComplianceBot.Fakes;
using ComplianceBot.Host.Jobs;
using ComplianceBot.IntegrationTests.Host;
using ComplianceBot.IntegrationTests.Teams;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplianceBot.IntegrationTests.Jobs;

public sealed class JobsHostTests : HostTestBase
{
    [Fact]
    public async Task Healthz_reports_the_job_server_from_its_heartbeat()
    {
        using var client = Factory.CreateClient();
        var health = JsonNode.Parse(await client.GetStringAsync(new Uri("/healthz", UriKind.Relative)))!;

        Assert.Equal("Healthy", health["checks"]!["jobs"]!["status"]!.GetValue<string>());
        Assert.Equal("1", health["checks"]!["jobs"]!["data"]!["servers"]!.GetValue<string>());
        Assert.Equal("running", health["checks"]!["jobs"]!["data"]!["thisInstance"]!.GetValue<string>());
        Assert.Equal("Healthy", health["checks"]!["ready"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_dashboard_asks_for_the_admin_key_and_opens_with_it()
    {
        using var client = Factory.CreateClient();
        var anonymous = await client.GetAsync(new Uri("/hangfire", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);

        var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri("/hangfire", UriKind.Relative));
        wrong.Headers.Authorization = Basic(ComplianceBotFactory.ApiKey); // the auditor key reads registers, not jobs
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);

        var admin = new HttpRequestMessage(HttpMethod.Get, new Uri("/hangfire/recurring", UriKind.Relative));
        admin.Headers.Authorization = Basic(ComplianceBotFactory.AdminKey);
        var page = await client.SendAsync(admin);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("reminders", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Recurring_jobs_are_registered_with_cron_and_time_zone_from_configuration()
    {
        using var factory = new ComplianceBotFactory(Folder.Path + "-tz", new Dictionary<string, string?>
        {
            ["Jobs:TimeZone"] = "Europe/Berlin",
            ["Jobs:RemindersCron"] = "5 7-18 * * 1-5",
        });
        Directory.CreateDirectory(factory.DataFolder);
        using var client = factory.CreateClient();
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id);

        Assert.Equal("5 7-18 * * 1-5", jobs[RecurringJobs.Reminders].Cron);
        Assert.Equal("Europe/Berlin", jobs[RecurringJobs.Reminders].TimeZoneId);
        Assert.Equal("30 * * * *", jobs[RecurringJobs.Campaigns].Cron);
        Assert.Equal("15 * * * *", jobs[RecurringJobs.Digests].Cron);
        Assert.Equal("Europe/Berlin", jobs[RecurringJobs.Digests].TimeZoneId);
        Assert.True(File.Exists(Path.Combine(factory.DataFolder, "hangfire.db")));
    }

    [Theory]
    [InlineData("Jobs:Storage", "Mongo", "Jobs__Storage")]
    [InlineData("Jobs:Storage", "PostgreSql", "Jobs__ConnectionString")]
    [InlineData("Jobs:RemindersCron", "every hour", "Jobs__RemindersCron")]
    [InlineData("Jobs:RemindersCron", "61 * * * *", "Jobs__RemindersCron")]
    [InlineData("Jobs:DigestsCron", "0 25 * * *", "Jobs__DigestsCron")]
    [InlineData("Jobs:CampaignsCron", "0 * * * * * *", "Jobs__CampaignsCron")]
    [InlineData("Jobs:Storage", "Redis", "Jobs__ConnectionString")]
    [InlineData("Jobs:TimeZone", "Mars/Olympus_Mons", "Jobs__TimeZone")]
    [InlineData("Jobs:QuietHoursStart", "6pm", "Jobs__QuietHoursStart")]
    [InlineData("Jobs:QuietHoursEnd", "25:00", "Jobs__QuietHoursEnd")]
    [InlineData("Reminders:QuietHoursStart", "18:00", "Reminders__QuietHoursStart is now Jobs__QuietHoursStart")]
    [InlineData("Reminders:ComplianceChannel:ConversationId", "19:abc@thread.tacv2", "Reminders__ComplianceChannel__ServiceUrl")]
    public async Task Invalid_job_settings_stop_the_host_naming_the_setting(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:EmbeddedPath"] = Path.Combine(Folder.Path, "v.db"),
            ["Evidence:LocalPath"] = Path.Combine(Folder.Path, "evidence"),
            ["Jobs:RunServer"] = "false",
            [key] = value,
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => PartialHost.StartAsync(Folder.Path, settings, b => b.AddJobs()));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PostgreSql", "Host=db.example.com;Pasword=hunter2-secret")]
    [InlineData("Redis", "password=hunter2-secret,ssl=true")]
    public async Task A_malformed_job_storage_connection_string_is_named_and_not_repeated(string storage, string connectionString)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:EmbeddedPath"] = Path.Combine(Folder.Path, "v.db"),
            ["Evidence:LocalPath"] = Path.Combine(Folder.Path, "evidence"),
            ["Jobs:RunServer"] = "false",
            ["Jobs:Storage"] = storage,
            ["Jobs:ConnectionString"] = connectionString,
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => PartialHost.StartAsync(Folder.Path, settings, b => b.AddJobs()));
        Assert.Contains("Jobs__ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_triggered_reminder_job_sends_the_reminder_card_through_Teams_once()
    {
        await using var host = await TeamsHost.StartAsync(settings: new Dictionary<string, string?> { ["Jobs:PollSeconds"] = "1" });
        var store = host.Store;
        var control = (await store.FindAsync<Control>("AC-01"))!;
        // Monthly, due 14 days after the month it looks back on: October's answer was due on 14 November, overdue now.
        await store.ReplaceAsync(control.Document with { Cadence = Cadence.Monthly, DueSlot = 7 }, control.ETag);
        await store.UpsertAsync(new ConversationReference
        {
            Id = ConversationReference.IdFor(Platforms.Teams, "olive@example.com"), PersonId = "olive@example.com", UpdatedAt = host.Factory.Time.GetUtcNow(),
            Address = new ConversationAddress(Platforms.Teams, "a:dm-olive", host.Connector.ServiceUrl, TeamsHost.TenantId, "28:bot", TeamsHost.OliveId),
        });

        var storage = host.Factory.Services.GetRequiredService<JobStorage>();
        var first = JobStates.Trigger(host.Factory.Services, RecurringJobs.Reminders);
        Assert.Equal([SucceededState.StateName], await JobStates.WaitUntilFinishedAsync(storage, [first], TimeSpan.FromSeconds(30)));
        Assert.Single(host.Connector.Delivered);

        // The second run has finished, so anything it sent has reached the connector by now.
        var second = JobStates.Trigger(host.Factory.Services, RecurringJobs.Reminders);
        Assert.Equal([SucceededState.StateName], await JobStates.WaitUntilFinishedAsync(storage, [second], TimeSpan.FromSeconds(30)));

        var card = Assert.Single(host.Connector.Delivered).Card!;
        Assert.Equal("A compliance task needs you", card["body"]![0]!["text"]!.GetValue<string>());
        var sent = (await store.FindAsync<Reminder>("attestation:AC-01:2026-10:overdue-2"))!.Document;
        Assert.Equal(ReminderState.Sent, sent.State);
        Assert.Equal("a:dm-olive", sent.ConversationId);
    }

    [Fact]
    public async Task An_admin_says_run_reminders_and_the_reminder_job_runs_now()
    {
        await using var host = await TeamsHost.StartAsync(settings: new Dictionary<string, string?> { ["Jobs:PollSeconds"] = "1" });
        var store = host.Store;
        await store.UpsertAsync((await store.FindAsync<Person>("olive@example.com"))!.Document with { Roles = [ReminderConversation.ComplianceAdminRole] });
        var control = (await store.FindAsync<Control>("AC-01"))!;
        await store.ReplaceAsync(control.Document with { Cadence = Cadence.Monthly, DueSlot = 7 }, control.ETag); // October's answer is overdue

        using (var said = await host.PostAsync(host.Message("run reminders"))) Assert.True(said.IsSuccessStatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Reminder? sent = null;
        while (DateTime.UtcNow < deadline && (sent = (await store.FindAsync<Reminder>("attestation:AC-01:2026-10:overdue-2"))?.Document) is not { State: ReminderState.Sent })
            await Task.Delay(100);

        Assert.Equal(ReminderState.Sent, sent?.State);
        Assert.Contains(host.Connector.Delivered, d => d.Text?.StartsWith("Reminders and attestation requests are going out now.", StringComparison.Ordinal) == true);
        Assert.Contains(host.Connector.Delivered, d => d.Card?["body"]?[0]?["text"]?.GetValue<string>() == "A compliance task needs you");
    }

    private static AuthenticationHeaderValue Basic(string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + password)));
}
