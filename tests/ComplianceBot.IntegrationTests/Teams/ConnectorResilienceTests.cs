using System.Text.Json.Nodes;
using ComplianceBot.Channels.Http;
using ComplianceBot.Channels.Teams;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Fakes;
using ComplianceBot.Storage.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceBot.IntegrationTests.Teams;

/// <summary>The Bot Connector client and the Teams channel behind the resilience pipeline, against the fake connector.</summary>
public sealed class ConnectorResilienceTests : IAsyncLifetime
{
    private readonly FastForwardTimeProvider time = new();
    private FakeBotConnector connector = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        connector = await FakeBotConnector.StartAsync();
        http = new HttpClient(ChatHttpResilience.Handler(time, new SocketsHttpHandler()));
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await connector.DisposeAsync();
    }

    private ConnectorClient Client() => new(http, new NoToken(), NullLogger<ConnectorClient>.Instance);

    private TeamsChannel Channel() => new(Client(), new TeamsOptions { AppId = "bot-app", ServiceUrl = connector.ServiceUrl });

    private ConversationAddress Olive => new(Platforms.Teams, "a:dm-olive", connector.ServiceUrl, "tenant-1", "28:bot-app", "29:olive");

    [Fact]
    public async Task A_throttled_send_waits_for_Retry_After_and_then_goes_through()
    {
        connector.FailNext((429, 2), (429, 3));
        var id = await Channel().SendAsync(Olive, OutboundMessage.Say("Reminder"));

        Assert.NotNull(id);
        Assert.Equal(3, connector.Calls.Count(c => c.Method == "POST"));
        Assert.Single(connector.Delivered);
        Assert.Equal(TimeSpan.FromSeconds(5), time.Waited);
    }

    [Fact]
    public async Task A_send_that_met_a_server_error_is_not_repeated_and_may_have_been_delivered()
    {
        connector.FailNext((500, null));
        var error = await Assert.ThrowsAsync<ChatSendException>(() => Channel().SendAsync(Olive, OutboundMessage.Say("Once only")));

        Assert.Single(connector.Calls);
        Assert.True(error.MayHaveBeenDelivered);
        Assert.Equal(TimeSpan.Zero, time.Waited);
    }

    [Fact]
    public async Task A_send_refused_as_unavailable_is_not_repeated_either()
    {
        connector.FailNext((503, 1));
        var error = await Assert.ThrowsAsync<BotConnectorException>(() =>
            Client().SendAsync(connector.ServiceUrl, "a:dm-olive", TeamsChannel.Activity(Olive, "x", null), null, CancellationToken.None));

        Assert.Single(connector.Calls);
        Assert.True(error.MayHaveBeenCarriedOut);
        Assert.Equal(503, error.HttpStatus);
    }

    [Fact]
    public async Task An_update_is_retried_after_server_errors_since_repeating_it_is_harmless()
    {
        connector.FailNext((503, 1), (502, null));
        await Channel().UpdateAsync(Olive, "activity-9", OutboundMessage.Say("Answered"));

        Assert.Equal(3, connector.Calls.Count(c => c.Method == "PUT"));
        Assert.Equal("Answered", Assert.Single(connector.Delivered).Text);
        Assert.True(time.Waited >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Throttling_that_would_overrun_the_total_wait_ends_the_call_with_the_429()
    {
        connector.FailNext(Enumerable.Repeat<(int, int?)>((429, 25), 10).ToArray());
        var error = await Assert.ThrowsAsync<ChatSendException>(() => Channel().SendAsync(Olive, OutboundMessage.Say("Reminder")));

        Assert.Equal(3, connector.Calls.Count);
        Assert.Equal(TimeSpan.FromSeconds(50), time.Waited);
        Assert.False(error.MayHaveBeenDelivered);
        Assert.Equal("Throttled", error.Reason);
    }

    [Fact]
    public async Task One_person_who_blocked_the_bot_is_reported_and_the_other_nine_get_their_reminder()
    {
        using var folder = new TempFolder();
        using var store = new SqliteComplianceStore(Path.Combine(folder.Path, "reach.db"));
        connector.RefusedMembers["29:user-04"] = (403, "ConversationBlockedByUser");
        var batches = new List<DeliveryBatch>();
        for (var i = 1; i <= 10; i++)
        {
            var person = new Person
            {
                Id = $"p{i}@example.com", Email = $"p{i}@example.com", DisplayName = $"Person {i}",
                ChatIdentities = [new ChatIdentity(Platforms.Teams, $"29:user-{i:D2}", "tenant-1")],
            };
            await store.UpsertAsync(person);
            var item = new ReminderItem(ReminderTopics.Attestation, $"C-{i:D2}", "2027-Q1", "due-7", person.Id, new PersonRecipient(person),
                $"Attest C-{i:D2}", "Period 2027-Q1", new DateOnly(2027, 1, 14), $"C-{i:D2}", true);
            batches.Add(new DeliveryBatch(item.Recipient, [item], ReminderCard.Compose));
        }

        var delivery = new ReminderDelivery(store, new ChatAddressBook(store, [Channel()], time),
            new FanOut(time, new Dictionary<string, PlatformLimits> { [Platforms.Teams] = PlatformLimits.Teams }), time);
        var report = new DeliveryReport();
        await delivery.DeliverAsync(batches, "run-1", report);

        Assert.Equal(9, report.Sent.Count);
        Assert.Equal(9, connector.Delivered.Count(c => c.Method == "POST"));
        Assert.Equal(("attestation:C-04:2027-Q1:due-7", "p4@example.com", "ConversationBlockedByUser"), Assert.Single(report.Unreachable));
        Assert.Null(await store.FindAsync<ConversationReference>(ConversationReference.IdFor(Platforms.Teams, "p4@example.com")));
    }

    private sealed class NoToken : IBotTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);
    }
}
