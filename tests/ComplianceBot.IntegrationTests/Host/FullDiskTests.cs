using System.Net;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Records;
using ComplianceBot.IntegrationTests.Slack;

namespace ComplianceBot.IntegrationTests.Host;

/// <summary>
/// The bot's data on a disk that runs full — at start, and in the middle of a run. Nothing crashes; an event that
/// cannot be stored is answered 503 (so Slack sends it again) and readiness fails; once there is room again the
/// bot is ready by itself, the event sent again is answered once, and nothing acknowledged before was lost.
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly SmallDisk disk = SmallDisk.Mount(48);

    public void Dispose() => disk.Dispose();

    private Dictionary<string, string?> OnDisk() => new()
    {
        ["Storage:EmbeddedPath"] = Path.Combine(disk.Path, "compliancebot.db"),
        ["Evidence:LocalPath"] = Path.Combine(disk.Path, "evidence"),
    };

    [Fact]
    public async Task A_disk_that_fills_mid_run_answers_503_and_not_ready_then_recovers_with_nothing_acknowledged_lost()
    {
        await using var host = await SlackHost.StartAsync(OnDisk());
        var before = host.DirectMessage(SlackHost.Nora, "help");
        Assert.Equal(HttpStatusCode.OK, (await host.PostEventAsync(before)).StatusCode);
        await host.DrainAsync();
        Assert.Equal(1, Replies(host));

        // Appends may still fit the last page a file already has; events keep coming until one is refused.
        disk.Fill();
        var acknowledged = new List<JsonObject>();
        JsonObject? refused = null;
        for (var i = 0; i < 200 && refused is null; i++)
        {
            var message = host.DirectMessage(SlackHost.Nora, "help", eventId: $"EvFULL{i:D4}");
            using var answer = await host.PostEventAsync(message);
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                acknowledged.Add(message);
                continue;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.True(answer.Headers.RetryAfter is not null);
            refused = message;
        }

        Assert.NotNull(refused);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ReadyAsync(host));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(new Uri("/healthz/live", UriKind.Relative))).StatusCode);

        disk.Free();
        await UntilReadyAsync(host);
        Assert.Equal(HttpStatusCode.OK, (await host.PostEventAsync(refused, retryNum: 1)).StatusCode);
        await DrainOnTheHostClockAsync(host);

        // Every event acknowledged while the disk was full is answered once, and the refused one once it was sent again.
        Assert.Equal(1 + acknowledged.Count + 1, Replies(host));
        Assert.Empty(await host.Inbox.ListAsync(InboxState.Failed, 10));

        // What was acknowledged before the disk filled is still known: its redelivery is not answered again.
        var answered = Replies(host);
        Assert.Equal(HttpStatusCode.OK, (await host.PostEventAsync(before, retryNum: 1)).StatusCode);
        await host.DrainAsync();
        Assert.Equal(answered, Replies(host));
        Assert.Equal(InboxState.Done, (await host.Inbox.FindAsync("slack:" + before["event_id"]!.GetValue<string>()))!.Document.State);
    }

    [Fact]
    public async Task A_full_disk_at_start_starts_the_bot_not_ready_answering_503_until_there_is_room()
    {
        JsonObject earlier;
        await using (var first = await SlackHost.StartAsync(OnDisk()))
        {
            earlier = first.DirectMessage(SlackHost.Nora, "help", eventId: "EvBEFOREFULL");
            Assert.Equal(HttpStatusCode.OK, (await first.PostEventAsync(earlier)).StatusCode);
            await first.DrainAsync();
        }

        disk.Fill();
        await using var host = await SlackHost.StartAsync(OnDisk(), seed: false);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ReadyAsync(host));
        var waiting = host.DirectMessage(SlackHost.Nora, "help", eventId: "EvWHILEFULL");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.PostEventAsync(waiting)).StatusCode);

        disk.Free();
        await UntilReadyAsync(host);
        Assert.Equal(HttpStatusCode.OK, (await host.PostEventAsync(waiting, retryNum: 1)).StatusCode);
        await host.DrainAsync();
        Assert.Equal(1, Replies(host));

        // The event acknowledged before the restart is still recognised.
        Assert.Equal(HttpStatusCode.OK, (await host.PostEventAsync(earlier, retryNum: 2)).StatusCode);
        await host.DrainAsync();
        Assert.Equal(1, Replies(host));
    }

    private static int Replies(SlackHost host) =>
        host.Slack.CallsTo("chat.postMessage").Count(c => c.Ok && c.Arguments["channel"]?.GetValue<string>() == SlackHost.DirectChannel(SlackHost.Nora));

    /// <summary>Waits until nothing is pending, moving the host's clock on so that retries after the full disk come due.</summary>
    private static async Task DrainOnTheHostClockAsync(SlackHost host)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await host.Inbox.ListAsync(InboxState.Pending, 1)).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "events still pending 30 s after the disk had room again");
            host.Factory.Time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(50);
        }
    }

    private static async Task<HttpStatusCode> ReadyAsync(SlackHost host)
    {
        using var ready = await host.Client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        return ready.StatusCode;
    }

    private static async Task UntilReadyAsync(SlackHost host)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await ReadyAsync(host) != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "not ready 20 s after the disk had room again");
            await Task.Delay(50);
        }
    }
}
