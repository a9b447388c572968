using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ComplianceBot.Benchmarks.Endpoints;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Fakes;

namespace ComplianceBot.Benchmarks.Slack;

/// <summary>
/// The mixed workload as Slack sends it, signed: direct messages to the Events API (typed commands), and
/// attestation answers as the submission of the attestation modal (view_submission, answered within Slack's
/// 3 seconds; the answered card is posted to the person). The Bolt peer implements messages only, so it gets the
/// answer as the typed "attest CONTROL" message instead. A local fake of the Slack Web API receives the replies.
/// </summary>
internal sealed class SlackWorkload(FakeSlackApi slack, string signingSecret, IReadOnlyList<string> controls, IReadOnlyList<JsonObject> modals) : IEndpointWorkload
{
    private readonly ConcurrentDictionary<string, int> expected = new(StringComparer.Ordinal);
    private int newcomers;

    public int Delivered => slack.SucceededCount("chat.postMessage");

    public static string UserId(int user) => string.Create(CultureInfo.InvariantCulture, $"U0BENCH{user:D4}");

    public static string Channel(int user) => string.Create(CultureInfo.InvariantCulture, $"D0BENCH{user:D4}");

    public HttpRequestMessage Request(EndpointTarget target, string phase, int index)
    {
        ArgumentNullException.ThrowIfNull(target);
        var kind = WorkloadMix.KindOf(index);
        var user = WorkloadMix.UserOf(index, controls.Count);
        var (userId, channel) = (UserId(user), Channel(user));
        if (kind == TurnKind.FirstContact)
        {
            var newcomer = Interlocked.Increment(ref newcomers);
            (userId, channel) = (string.Create(CultureInfo.InvariantCulture, $"U0NEW{newcomer:D8}"), string.Create(CultureInfo.InvariantCulture, $"D0NEW{newcomer:D8}"));
            slack.AddUser(userId, WorkloadMix.NewcomerEmail(newcomer), $"Newcomer {newcomer}");
            slack.DirectChannels[userId] = channel;
        }

        expected.AddOrUpdate(channel, 1, (_, n) => n + 1);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (kind == TurnKind.AttestationAnswer && target.Role != TargetRole.Peer)
        {
            var submission = SlackPayloads.ViewSubmission(modals[user], new Dictionary<string, string> { ["result"] = "operating", ["occurrences"] = "3", ["comment"] = "" }, userId);
            return Signed(SlackEndpoints.InteractionsRoute, SlackPayloads.FormBody(submission), "application/x-www-form-urlencoded", now);
        }

        var text = kind == TurnKind.AttestationAnswer ? "attest " + controls[user] : WorkloadMix.Text(kind);
        var ts = string.Create(CultureInfo.InvariantCulture, $"{now}.{index % 1_000_000:D6}");
        var body = new JsonObject
        {
            ["token"] = "legacy-verification-token",
            ["team_id"] = FakeSlackApi.TeamId,
            ["api_app_id"] = "A0FAKE01",
            ["event"] = new JsonObject
            {
                ["type"] = "message", ["channel"] = channel, ["user"] = userId, ["text"] = text, ["ts"] = ts, ["event_ts"] = ts, ["channel_type"] = "im",
            },
            ["type"] = "event_callback",
            ["event_id"] = string.Create(CultureInfo.InvariantCulture, $"Ev{target.Name}{phase}{index:D8}"),
            ["event_time"] = now,
        };
        return Signed(SlackEndpoints.EventsRoute, body.ToJsonString(), "application/json", now);
    }

    public bool ExactlyOneReplyEach(int requests)
    {
        var posted = slack.CallsTo("chat.postMessage").Where(c => c.Ok).GroupBy(c => c.Argument("channel") ?? "").ToDictionary(g => g.Key, g => g.Count());
        return posted.Values.Sum() == requests && expected.All(e => posted.GetValueOrDefault(e.Key) == e.Value);
    }

    public int TextOnlyReplies() => slack.CallsTo("chat.postMessage").Count(c => c.Ok && c.Arguments["blocks"] is null);

    public void Forget()
    {
        slack.Calls.Clear();
        slack.Messages.Clear();
        expected.Clear();
    }

    private HttpRequestMessage Signed(string path, string body, string contentType, long now)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Add(SlackRequestVerifier.TimestampHeader, now.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SlackRequestVerifier.SignatureHeader, SlackRequestVerifier.Sign(signingSecret, now, Encoding.UTF8.GetBytes(body)));
        return request;
    }
}
