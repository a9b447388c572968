using ComplianceBot.Channels.Slack;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Fakes;
using ComplianceBot.Storage.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceBot.IntegrationTests.Jobs;

/// <summary>
/// A fan-out of 1,000 Slack reminders stopped dead midway — every task abandoned, whatever it was doing: claimed
/// but not posted, posted but not recorded — then run again on a fresh store connection after the leases ran out.
/// Every reminder must reach Slack exactly once.
/// </summary>
public sealed class ReminderCrashTests
{
    [Fact]
    public async Task A_fan_out_stopped_midway_and_run_again_delivers_every_reminder_exactly_once()
    {
        using var folder = new TempFolder();
        await using var slack = await FakeSlackApi.StartAsync();
        var clock = new ShiftedClock();
        var batches = Enumerable.Range(0, 1000).Select(i =>
        {
            var person = new Person { Id = $"p{i:D4}@example.com", Email = $"p{i:D4}@example.com", DisplayName = $"P {i}" };
            var item = new ReminderItem(ReminderTopics.Attestation, $"C-{i:D4}", "2027-Q1", "due-7", person.Id, new PersonRecipient(person),
                $"Attest C-{i:D4}", "Period 2027-Q1", new DateOnly(2027, 1, 14), $"C-{i:D4}", true);
            return new DeliveryBatch(item.Recipient, [item], ReminderCard.Compose);
        }).ToList();

        var first = new DeliveryReport();
        using (var store = new SqliteComplianceStore(Path.Combine(folder.Path, "store.db")))
        {
            foreach (var batch in batches) await RememberDirectChatAsync(store, ((PersonRecipient)batch.Recipient).Person, clock);
            using var crash = new CancellationTokenSource();
            var run = Delivery(store, slack, clock).DeliverAsync(batches, "instance-1", first, crash.Token);
            while (slack.CallsTo("chat.postMessage").Count() < 400) await Task.Delay(5);
            await crash.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        var posted = slack.CallsTo("chat.postMessage").Count();
        Assert.InRange(posted, 400, 999);
        clock.Offset = ReminderPolicy.Lease + TimeSpan.FromMinutes(1);

        var second = new DeliveryReport();
        using (var store = new SqliteComplianceStore(Path.Combine(folder.Path, "store.db")))
        {
            await Delivery(store, slack, clock).DeliverAsync(batches, "instance-2", second);
            var entries = await store.ListAsync<Reminder>();
            Assert.Equal(1000, entries.Count(e => e.Document.State == ReminderState.Sent));
        }

        var keys = slack.Messages.Values.SelectMany(m => m.Metadata!["event_payload"]!["keys"]!.AsArray().Select(k => k!.GetValue<string>())).ToList();
        Assert.Equal(1000, keys.Count);
        Assert.Equal(1000, keys.Distinct().Count());
        Assert.Equal(1000, first.Sent.Count + second.Sent.Count + second.Recovered.Count);
        Assert.Empty(second.InDoubt);
        var outDir = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "artifacts", "faults")).FullName;
        await File.WriteAllTextAsync(Path.Combine(outDir, "reminder-crash.txt"),
            $"posted before the stop {posted}; recorded sent then {first.Sent.Count}; after restart: found in history {second.Recovered.Count}, sent {second.Sent.Count}; " +
            $"in Slack {keys.Count} reminders, {keys.Distinct().Count()} distinct\n");
    }

    private static ReminderDelivery Delivery(SqliteComplianceStore store, FakeSlackApi slack, TimeProvider clock)
    {
#pragma warning disable CA2000 // the client lives as long as the test's fake
        var client = new SlackWebApiClient(new HttpClient(), new SlackOptions { BotToken = slack.BotToken, ApiBaseUrl = slack.ApiBaseUrl }, clock, NullLogger<SlackWebApiClient>.Instance);
#pragma warning restore CA2000
        var channel = new SlackChannel(client);
        return new ReminderDelivery(store, new ChatAddressBook(store, [channel], clock),
            new FanOut(clock, new Dictionary<string, PlatformLimits> { [Platforms.Slack] = PlatformLimits.Slack with { PerWorkspace = new SendRate(1000, TimeSpan.FromSeconds(1)) } }), clock);
    }

    private static async Task RememberDirectChatAsync(SqliteComplianceStore store, Person person, TimeProvider clock) =>
        await store.UpsertAsync(new ConversationReference
        {
            Id = ConversationReference.IdFor(Platforms.Slack, person.Id), PersonId = person.Id, UpdatedAt = clock.GetUtcNow(),
            Address = new ConversationAddress(Platforms.Slack, "D" + person.Id[1..5], TenantId: FakeSlackApi.TeamId, UserId: "U" + person.Id[1..5]),
        });

    /// <summary>The machine clock, moved forward on demand (past the leases of the run that died).</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }
}
