using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Channels.Http;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Fakes;
using ComplianceBot.Storage.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceBot.Benchmarks.Reminders;

/// <summary>
/// 10,000 reminders through the fake Slack Web API enforcing chat.postMessage's limits: 1 message a second per
/// channel and a workspace-wide rate. Most people get one reminder; a few owners of many controls get theirs in
/// cards of ten, so their direct messages are paced at 1/s alongside the workspace limit. The delivery path is
/// the production one: ledger claims in the embedded store, fan-out pacing, the Slack channel and Web API
/// client. Reports the time against the least the limits allow, duplicates, dropped reminders and 429s.
/// </summary>
internal static class ReminderBenchmark
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var perSecond = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        const int heavyOwners = 30, heavyItems = 200, perMessage = 10;
        var singles = total - (heavyOwners * heavyItems);

        var folder = Path.Combine(Path.GetTempPath(), "compliancebot-reminder-bench-" + Guid.NewGuid().ToString("N"));
        await using var slack = await FakeSlackApi.StartAsync();
        slack.Limit("chat.postMessage", 1, TimeSpan.FromSeconds(1), perChannel: true);
        slack.AlsoLimit("chat.postMessage", perSecond, TimeSpan.FromSeconds(1));
        try
        {
            using var store = new SqliteComplianceStore(Path.Combine(folder, "bench.db"));
            using var http = new HttpClient(ChatHttpResilience.Handler(TimeProvider.System, new SocketsHttpHandler { MaxConnectionsPerServer = 64 }));
            var client = new SlackWebApiClient(http, new SlackOptions { BotToken = slack.BotToken, ApiBaseUrl = slack.ApiBaseUrl }, TimeProvider.System, NullLogger<SlackWebApiClient>.Instance);
            var channel = new SlackChannel(client);
            var limits = PlatformLimits.Slack with { PerWorkspace = new SendRate(perSecond, TimeSpan.FromSeconds(1)) };
            var delivery = new ReminderDelivery(store, new ChatAddressBook(store, [channel], TimeProvider.System),
                new FanOut(TimeProvider.System, new Dictionary<string, PlatformLimits> { [Platforms.Slack] = limits }, concurrency: 64), TimeProvider.System);

            var batches = new List<DeliveryBatch>();
            var perConversation = new List<(string, int)>();
            for (var p = 0; p < singles + heavyOwners; p++)
            {
                var person = new Person { Id = $"p{p:D5}@example.com", Email = $"p{p:D5}@example.com", DisplayName = $"Person {p}" };
                var address = new ConversationAddress(Platforms.Slack, $"D{p:D8}", TenantId: FakeSlackApi.TeamId, UserId: $"U{p:D8}");
                await store.UpsertAsync(new ConversationReference { Id = ConversationReference.IdFor(Platforms.Slack, person.Id), PersonId = person.Id, Address = address, UpdatedAt = TimeProvider.System.GetUtcNow() });
                var count = p < singles ? 1 : heavyItems;
                var items = Enumerable.Range(0, count).Select(i => new ReminderItem(ReminderTopics.Attestation, $"C{p:D5}-{i:D3}", "2027-Q1", "due-7", person.Id,
                    new PersonRecipient(person), $"Attest C{p:D5}-{i:D3}", "Period 2027-Q1 · due in 7 days", new DateOnly(2027, 1, 14), $"C{p:D5}-{i:D3}", true)).ToList();
                foreach (var chunk in items.Chunk(perMessage)) batches.Add(new DeliveryBatch(new PersonRecipient(person), chunk, ReminderCard.Compose));
                perConversation.Add((address.ConversationId, (count + perMessage - 1) / perMessage));
            }

            var minimum = FanOut.Minimum(perConversation, limits);
            Console.WriteLine($"{total} reminders in {batches.Count} messages to {perConversation.Count} people; limits 1/s per channel, {perSecond}/s per workspace; least possible {minimum.TotalSeconds:F1} s");
            var report = new DeliveryReport();
            var clock = Stopwatch.StartNew();
            await delivery.DeliverAsync(batches, "bench", report);
            var elapsed = clock.Elapsed;

            var keys = slack.Messages.Values.SelectMany(m => m.Metadata?["event_payload"]?["keys"]?.AsArray().Select(k => k!.GetValue<string>()) ?? []).ToList();
            var duplicates = keys.Count - keys.Distinct().Count();
            var dropped = total - keys.Distinct().Count();
            var throttled = slack.CallsTo("chat.postMessage").Count(c => c.Status == 429);
            var throttledHeavy = slack.CallsTo("chat.postMessage").Count(c => c.Status == 429 && int.Parse(c.Argument("channel")![1..], CultureInfo.InvariantCulture) >= singles);
            Console.WriteLine($"429s on the many-reminder owners' channels: {throttledHeavy}");
            var ratio = elapsed / minimum;
            Console.WriteLine($"time {elapsed.TotalSeconds:F1} s = {ratio:P1} of the minimum (target within 110%); duplicates {duplicates}; dropped {dropped}; 429s {throttled}; ledger: {report}");

            var outDir = Path.Combine(Directory.GetCurrentDirectory(), "artifacts", "bench", "reminders");
            Directory.CreateDirectory(outDir);
            await File.WriteAllTextAsync(Path.Combine(outDir, "results.json"), JsonSerializer.Serialize(new JsonObject
            {
                ["reminders"] = total, ["messages"] = batches.Count, ["workspacePerSecond"] = perSecond, ["minimumSeconds"] = Math.Round(minimum.TotalSeconds, 2),
                ["elapsedSeconds"] = Math.Round(elapsed.TotalSeconds, 2), ["ratio"] = Math.Round(ratio, 4), ["duplicates"] = duplicates, ["dropped"] = dropped, ["http429"] = throttled,
            }, Indented));
            return ratio <= 1.10 && duplicates == 0 && dropped == 0 ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
