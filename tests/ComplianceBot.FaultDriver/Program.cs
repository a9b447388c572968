using System.Globalization;
using ComplianceBot.Channels.Http;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Storage.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceBot.FaultDriver;

/// <summary>
/// A process that runs the production reminder fan-out, so that a test can have it killed for real (SIGKILL: no
/// cancellation, no finally blocks, nothing flushed) and start it again. With KILL_AFTER above zero the process
/// kills itself a moment after its KILL_AFTER-th chat.postMessage left, with other posts still on the wire.
/// Usage: ComplianceBot.FaultDriver STORE_PATH SLACK_API_BASE BOT_TOKEN COUNT INSTANCE CLOCK_OFFSET_SECONDS KILL_AFTER
/// </summary>
internal static class Driver
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 7)
        {
            await Console.Error.WriteLineAsync("usage: STORE_PATH SLACK_API_BASE BOT_TOKEN COUNT INSTANCE CLOCK_OFFSET_SECONDS KILL_AFTER");
            return 2;
        }

        var (storePath, apiBase, token, instance) = (args[0], args[1], args[2], args[4]);
        var count = int.Parse(args[3], CultureInfo.InvariantCulture);
        var clock = new ShiftedClock(TimeSpan.FromSeconds(double.Parse(args[5], CultureInfo.InvariantCulture)));

        using var store = new SqliteComplianceStore(storePath);
        var batches = new List<DeliveryBatch>(count);
        for (var i = 0; i < count; i++)
        {
            var person = new Person { Id = $"p{i:D4}@example.com", Email = $"p{i:D4}@example.com", DisplayName = $"P {i}" };
            await store.UpsertAsync(new ConversationReference
            {
                Id = ConversationReference.IdFor(Platforms.Slack, person.Id), PersonId = person.Id, UpdatedAt = clock.GetUtcNow(),
                Address = new ConversationAddress(Platforms.Slack, $"D{i:D4}", TenantId: "T0FAKE01", UserId: $"U{i:D4}"),
            });
            var item = new ReminderItem(ReminderTopics.Attestation, $"C-{i:D4}", "2027-Q1", "due-7", person.Id, new PersonRecipient(person),
                $"Attest C-{i:D4}", "Period 2027-Q1", new DateOnly(2027, 1, 14), $"C-{i:D4}", true);
            batches.Add(new DeliveryBatch(item.Recipient, [item], ReminderCard.Compose));
        }

        using var http = new HttpClient(ChatHttpResilience.Handler(clock, new KillSwitch(int.Parse(args[6], CultureInfo.InvariantCulture)) { InnerHandler = new SocketsHttpHandler() }));
        var client = new SlackWebApiClient(http, new SlackOptions { BotToken = token, ApiBaseUrl = apiBase }, clock, NullLogger<SlackWebApiClient>.Instance);
        var delivery = new ReminderDelivery(store, new ChatAddressBook(store, [new SlackChannel(client)], clock),
            new FanOut(clock, new Dictionary<string, PlatformLimits> { [Platforms.Slack] = PlatformLimits.Slack with { PerWorkspace = new SendRate(1000, TimeSpan.FromSeconds(1)) } }), clock);

        await Console.Out.WriteLineAsync("delivering");
        var report = new DeliveryReport();
        await delivery.DeliverAsync(batches, instance, report);
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"sent {report.Sent.Count} recovered {report.Recovered.Count} already {report.AlreadySent.Count} indoubt {report.InDoubt.Count}"));
        return 0;
    }
}

/// <summary>Kills this process (SIGKILL) a few milliseconds after the given post has been sent.</summary>
internal sealed class KillSwitch(int killAfter) : DelegatingHandler
{
    private int posts;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = base.SendAsync(request, cancellationToken);
        if (killAfter > 0 && request.RequestUri?.AbsolutePath.EndsWith("/chat.postMessage", StringComparison.Ordinal) == true
            && Interlocked.Increment(ref posts) == killAfter)
        {
            _ = Task.Run(async () =>
            {
                await Task.Delay(5, CancellationToken.None);
                System.Diagnostics.Process.GetCurrentProcess().Kill();
            }, CancellationToken.None);
        }

        return response;
    }
}

/// <summary>The machine clock moved forward (past the leases of a run that was killed).</summary>
internal sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
