using ComplianceBot.Channels.Http;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Fakes;
using ComplianceBot.Storage.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceBot.IntegrationTests.Slack;

/// <summary>A reminder run through the Slack channel against the fake Web API, with people Slack will not let the bot message.</summary>
public sealed class SlackReminderReachTests : IAsyncLifetime
{
    private readonly FastForwardTimeProvider time = new();
    private readonly TempFolder folder = new();
    private FakeSlackApi slack = null!;
    private HttpClient http = null!;
    private SqliteComplianceStore store = null!;

    public async Task InitializeAsync()
    {
        slack = await FakeSlackApi.StartAsync(time);
        http = new HttpClient(ChatHttpResilience.Handler(time, new SocketsHttpHandler()));
        store = new SqliteComplianceStore(Path.Combine(folder.Path, "reach.db"));
    }

    public async Task DisposeAsync()
    {
        store.Dispose();
        http.Dispose();
        await slack.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task One_person_Slack_will_not_open_a_conversation_with_is_reported_and_the_other_nine_get_their_reminder()
    {
        slack.RefusedUsers["U0007"] = "user_disabled";
        var batches = new List<DeliveryBatch>();
        for (var i = 1; i <= 10; i++)
        {
            var person = new Person
            {
                Id = $"p{i}@example.com", Email = $"p{i}@example.com", DisplayName = $"Person {i}",
                ChatIdentities = [new ChatIdentity(Platforms.Slack, $"U{i:D4}", FakeSlackApi.TeamId)],
            };
            await store.UpsertAsync(person);
            var item = new ReminderItem(ReminderTopics.Attestation, $"C-{i:D2}", "2027-Q1", "due-7", person.Id, new PersonRecipient(person),
                $"Attest C-{i:D2}", "Period 2027-Q1", new DateOnly(2027, 1, 14), $"C-{i:D2}", true);
            batches.Add(new DeliveryBatch(item.Recipient, [item], ReminderCard.Compose));
        }

        var report = new DeliveryReport();
        await Delivery().DeliverAsync(batches, "run-1", report);

        Assert.Equal(9, report.Sent.Count);
        Assert.Equal(9, slack.CallsTo("chat.postMessage").Count(c => c.Ok));
        var (reminder, recipient, reason) = Assert.Single(report.Unreachable);
        Assert.Equal(("attestation:C-07:2027-Q1:due-7", "p7@example.com", "user_disabled"), (reminder, recipient, reason));
        Assert.Empty(report.Failed);
        Assert.Null(await store.FindAsync<Reminder>(reminder));
        Assert.DoesNotContain("U0007", slack.DirectChannels.Keys);
    }

    [Fact]
    public async Task A_post_refused_because_the_bot_is_not_in_the_channel_is_reported_unreachable_and_freed_for_the_next_run()
    {
        var person = new Person { Id = "olive@example.com", Email = "olive@example.com", DisplayName = "Olive" };
        var item = new ReminderItem(ReminderTopics.Attestation, "C-01", "2027-Q1", "due-7", person.Id, new ChannelRecipient(
            new ConversationAddress(Platforms.Slack, "C0COMPLIANCE", TenantId: FakeSlackApi.TeamId), "Europe/Amsterdam"),
            "Attest C-01", "Period 2027-Q1", new DateOnly(2027, 1, 14), "C-01", true);
        slack.ErrorNext("chat.postMessage", "not_in_channel");

        var report = new DeliveryReport();
        await Delivery().DeliverAsync([new DeliveryBatch(item.Recipient, [item], ReminderCard.Compose)], "run-1", report);

        Assert.Equal("not_in_channel", Assert.Single(report.Unreachable).Reason);
        var entry = (await store.FindAsync<Reminder>(item.Id))!.Document;
        Assert.Equal(ReminderState.Failed, entry.State);
        Assert.Equal("slack: not_in_channel", entry.LastError);
    }

    private ReminderDelivery Delivery()
    {
        var channel = new SlackChannel(new SlackWebApiClient(
            http, new SlackOptions { BotToken = slack.BotToken, SigningSecret = "s", ApiBaseUrl = slack.ApiBaseUrl }, time, NullLogger<SlackWebApiClient>.Instance));
        return new ReminderDelivery(store, new ChatAddressBook(store, [channel], time),
            new FanOut(time, new Dictionary<string, PlatformLimits> { [Platforms.Slack] = PlatformLimits.Slack }), time);
    }
}
