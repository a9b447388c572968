using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Records;
using ComplianceBot.Fakes;
using ComplianceBot.Host.Jobs;
using ComplianceBot.IntegrationTests.Host;
using ComplianceBot.IntegrationTests.Teams;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceBot.IntegrationTests.Jobs;

/// <summary>
/// Two bot instances on one compliance store and one job storage, both running a job server: every reminder and
/// digest goes out once, whether the jobs are run directly at the same moment or triggered through Hangfire from
/// either instance. Run once for each job storage the bot supports.
/// </summary>
public abstract class TwoInstanceJobsContract
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    /// <summary>The Jobs:Storage settings both instances share.</summary>
    protected abstract IDictionary<string, string?> JobStorageSettings();

    [Fact]
    public async Task Two_host_instances_on_one_store_and_job_storage_send_each_reminder_once()
    {
        var settings = Settings();
        await using var host = await TeamsHost.StartAsync(settings: settings);
        var store = host.Store;
        for (var i = 1; i <= 12; i++)
        {
            var id = $"TST-{i:D2}";
            await store.CreateAsync(new Control { Id = id, Name = id, Objective = "o", AttestationQuestion = "q?", Cadence = Cadence.Monthly, Iso27001 = ["8.15"], OwnerId = "olive@example.com", DueSlot = 7 }); // October's answer due 14 November
        }

        await store.UpsertAsync(new ConversationReference
        {
            Id = ConversationReference.IdFor(Platforms.Teams, "olive@example.com"), PersonId = "olive@example.com", UpdatedAt = host.Factory.Time.GetUtcNow(),
            Address = new ConversationAddress(Platforms.Teams, "a:dm-olive", host.Connector.ServiceUrl, TeamsHost.TenantId, "28:bot", TeamsHost.OliveId),
        });
        using var second = SecondInstance(host, settings);
        using var warm = second.CreateClient();

        var triggered = TriggerOnBoth(host.Factory, second, RecurringJobs.Reminders);
        var one = host.Factory.Services.GetRequiredService<ReminderJob>();
        var two = second.Services.GetRequiredService<ReminderJob>();
        await Task.WhenAll(one.RunAsync(CancellationToken.None), two.RunAsync(CancellationToken.None), one.RunAsync(CancellationToken.None), two.RunAsync(CancellationToken.None));
        await AssertSucceededAsync(host.Factory, triggered);

        // Twelve overdue controls: two cards of up to ten, once, whichever instance claimed them.
        Assert.Equal(2, host.Connector.Delivered.Count());
        var reminders = (await store.ListAsync<Reminder>()).Select(r => r.Document).ToList();
        Assert.Equal(12, reminders.Count(r => r.State == ReminderState.Sent && r.Stage == "overdue-2"));
        Assert.Equal(reminders.Count, reminders.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task Two_host_instances_running_the_digest_job_twice_post_one_digest_to_the_subscribed_channel()
    {
        var settings = Settings();
        await using var host = await TeamsHost.StartAsync(settings: settings);
        var channel = new ConversationAddress(Platforms.Teams, "19:compliance@thread.tacv2", host.Connector.ServiceUrl, TeamsHost.TenantId, "28:bot");
        await host.Store.CreateAsync(new DigestSubscription
        {
            Id = DigestSubscription.IdFor(channel), Address = channel, Frameworks = ["iso27001", "soc2"], Day = DayOfWeek.Monday, Hour = 0,
            CreatedBy = "olive@example.com", CreatedAt = host.Factory.Time.GetUtcNow(),
        });
        using var second = SecondInstance(host, settings);
        using var warm = second.CreateClient();

        var one = host.Factory.Services.GetRequiredService<DigestJob>();
        var two = second.Services.GetRequiredService<DigestJob>();
        await Task.WhenAll(one.RunAsync(CancellationToken.None), two.RunAsync(CancellationToken.None));
        await Task.WhenAll(one.RunAsync(CancellationToken.None), two.RunAsync(CancellationToken.None));
        await AssertSucceededAsync(host.Factory, TriggerOnBoth(host.Factory, second, RecurringJobs.Digests));

        var posted = Assert.Single(host.Connector.Delivered);
        Assert.Equal("19:compliance@thread.tacv2", posted.ConversationId);
        Assert.StartsWith("Weekly coverage digest", posted.Card!["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var ledger = Assert.Single(await host.Store.ListAsync<Reminder>(), r => r.Document.Topic == "digest").Document;
        Assert.Equal(ReminderState.Sent, ledger.State);
    }

    private Dictionary<string, string?> Settings() => new(JobStorageSettings()) { ["Jobs:PollSeconds"] = "1" };

    /// <summary>
    /// A second instance on the same folder. The embedded store's inbox journal serves one process, so only the first
    /// drains it; left on, the second would stop itself and abandon any job its server had just fetched.
    /// </summary>
    private static ComplianceBotFactory SecondInstance(TeamsHost host, IDictionary<string, string?> settings) => new(host.Folder.Path, new Dictionary<string, string?>(settings)
    {
        ["Chat:ProcessInbox"] = "false",
        ["Teams:AppId"] = LocalOpenIdIssuer.AppId, ["Teams:AppPassword"] = "test-only-secret",
        ["Teams:OpenIdMetadataUrl"] = host.Issuer.BotFrameworkMetadataUrl, ["Teams:TokenEndpoint"] = host.Connector.TokenEndpoint,
    });

    private static string[] TriggerOnBoth(ComplianceBotFactory one, ComplianceBotFactory two, string recurringJob) =>
    [
        JobStates.Trigger(one.Services, recurringJob),
        JobStates.Trigger(two.Services, recurringJob),
    ];

    /// <summary>Read through the first instance's storage: a job queued by the second shows there only if they share it.</summary>
    private static async Task AssertSucceededAsync(ComplianceBotFactory observer, string[] jobIds)
    {
        var states = await JobStates.WaitUntilFinishedAsync(observer.Services.GetRequiredService<JobStorage>(), jobIds, Within);
        Assert.All(states, state => Assert.Equal(SucceededState.StateName, state));
    }
}
