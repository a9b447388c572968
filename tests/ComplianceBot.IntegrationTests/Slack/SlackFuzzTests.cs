using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Records;
using ComplianceBot.Fakes;
using ComplianceBot.IntegrationTests.Edge;
using Xunit.Abstractions;

namespace ComplianceBot.IntegrationTests.Slack;

/// <summary>
/// Thousands of correctly signed but malformed bodies on each of Slack's request URLs, made by mutating valid
/// samples: none may get a 5xx, the host stays healthy, and a normal message afterwards is answered exactly once.
/// </summary>
public sealed class SlackFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int BodiesPerEndpoint = 3000;
    private const int Seed = 20261120;
    private SlackHost host = null!;

    public async Task InitializeAsync() => host = await SlackHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Fuzzed_signed_bodies_never_get_a_5xx_and_the_host_keeps_answering()
    {
        var tally = new StatusTally();
        var mutator = new BodyMutator(Seed);
        var events = new[]
        {
            host.DirectMessage(SlackHost.Olive, "help", eventId: "Ev0FUZZ0001"),
            host.EventCallback(new JsonObject { ["type"] = "app_mention", ["user"] = SlackHost.Dan, ["text"] = "<@U0FAKEBOT> status", ["ts"] = "1.2", ["channel"] = "C0GENERAL" }, "Ev0FUZZ0002"),
            host.EventCallback(new JsonObject { ["type"] = "app_home_opened", ["user"] = SlackHost.Olive, ["channel"] = "D0OLIVE01", ["tab"] = "home" }, "Ev0FUZZ0003"),
            host.EventCallback(new JsonObject { ["type"] = "file_shared", ["user_id"] = SlackHost.Olive, ["file_id"] = "F0FUZZ", ["channel_id"] = "D0OLIVE01" }, "Ev0FUZZ0004"),
        };
        var tasks = BlockKitRenderer.RenderMessage(new CardView("my-tasks", SampleData("my-tasks"))).Blocks;
        var interactions = new[]
        {
            Fixed(SlackPayloads.BlockActions(tasks, "evidence.start", userId: SlackHost.Olive)),
            Fixed(SlackPayloads.BlockActions(tasks, "attest.open", userId: SlackHost.Olive)),
            SlackPayloads.ViewSubmission(BlockKitRenderer.RenderModal(new CardView("risk-intake", SampleData("risk-intake"))),
                new Dictionary<string, string> { ["title"] = "Unpatched laptops", ["likelihood"] = "3", ["impact"] = "4" }, SlackHost.Olive),
        };

        for (var i = 0; i < BodiesPerEndpoint; i++)
        {
            var body = mutator.MutateJson(events[i % events.Length]);
            tally.Add("events", await PostAsync(SlackEndpoints.EventsRoute, body, "application/json"), mutator.LastKind, Seed, i);
        }

        for (var i = 0; i < BodiesPerEndpoint; i++)
        {
            var body = MutateInteraction(mutator, interactions[i % interactions.Length]);
            tally.Add("interactions", await PostAsync(SlackEndpoints.InteractionsRoute, body, "application/x-www-form-urlencoded"), mutator.LastKind, Seed, i);
        }

        for (var i = 0; i < BodiesPerEndpoint; i++)
        {
            var body = MutateCommand(mutator, i % 2 == 0 ? "status" : "risk");
            tally.Add("commands", await PostAsync(SlackEndpoints.CommandsRoute, body, "application/x-www-form-urlencoded"), mutator.LastKind, Seed, i);
        }

        output.WriteLine(tally.ToString());
        Assert.All(new[] { "events", "interactions", "commands" }, endpoint => Assert.Equal(BodiesPerEndpoint, tally.Sent(endpoint)));
        Assert.True(tally.Failures.Count == 0, string.Join('\n', tally.Failures.Take(20)));

        using var healthy = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);

        var before = host.Slack.MessagesIn(SlackHost.DirectChannel(SlackHost.Nora)).Count;
        using var normal = await host.PostEventAsync(host.DirectMessage(SlackHost.Nora, "help", eventId: "Ev0AFTERFUZZ"));
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        await host.WaitForInboxItemAsync(i => i.Id == "slack:Ev0AFTERFUZZ" && i.State == InboxState.Done);
        Assert.Equal(before + 1, host.Slack.MessagesIn(SlackHost.DirectChannel(SlackHost.Nora)).Count);
    }

    /// <summary>A click with a fixed action_ts, so accepted mutations are one delivery rather than thousands.</summary>
    private static JsonObject Fixed(JsonObject payload)
    {
        payload["actions"]![0]!["action_ts"] = "1767225601.000001";
        return payload;
    }

    private static byte[] MutateInteraction(BodyMutator mutator, JsonObject payload)
    {
        // Mostly the payload's JSON; sometimes the form around it.
        switch (mutator.Random.Next(6))
        {
            case 0:
                var valid = Encoding.UTF8.GetBytes(SlackPayloads.FormBody(payload));
                return mutator.Random.Next(4) switch
                {
                    0 => Encoding.UTF8.GetBytes(SlackPayloads.FormBody(payload) + "&" + SlackPayloads.FormBody(payload)),
                    1 => mutator.InsertBytes(valid, Encoding.ASCII.GetBytes(mutator.Random.Next(2) == 0 ? "%ED%A0%80" : "%FF")),
                    2 => mutator.InsertBytes(valid, Encoding.ASCII.GetBytes("%Z")),
                    _ => mutator.InsertBytes(valid, mutator.InvalidUtf8()),
                };
            default:
                var json = mutator.MutateJson(payload);
                return [.. "payload="u8, .. Encoding.ASCII.GetBytes(PercentEncode(json))];
        }
    }

    private static byte[] MutateCommand(BodyMutator mutator, string text)
    {
        var fields = new List<(string Name, string Value)>
        {
            ("token", "legacy"), ("team_id", FakeSlackApi.TeamId), ("channel_id", SlackHost.DirectChannel(SlackHost.Olive)), ("user_id", SlackHost.Olive),
            ("command", "/compliance"), ("text", text), ("trigger_id", "1767225600.1.fuzz"), ("response_url", "https://hooks.slack.com/commands/T0FAKE01/1/abc"),
        };
        var random = mutator.Random;
        var at = random.Next(fields.Count);
        string Encoded() => string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}"));
        switch (random.Next(8))
        {
            case 0:
                fields.RemoveAt(at);
                return Encoding.UTF8.GetBytes(Encoded());
            case 1:
                fields.Add(fields[at]);
                return Encoding.UTF8.GetBytes(Encoded());
            case 2:
                fields[at] = (fields[at].Name, new string('x', random.Next(2) == 0 ? 1000 : 600_000));
                return Encoding.UTF8.GetBytes(Encoded());
            case 3:
                return mutator.InsertBytes(Encoding.UTF8.GetBytes(Encoded()), Encoding.ASCII.GetBytes(random.Next(3) switch { 0 => "%FF", 1 => "%ED%A0%80", _ => "%" }));
            case 4:
                return mutator.InsertBytes(Encoding.UTF8.GetBytes(Encoded()), mutator.InvalidUtf8());
            case 5:
                var whole = Encoding.UTF8.GetBytes(Encoded());
                return whole[..random.Next(whole.Length)];
            case 6:
                return mutator.RandomBytes();
            default:
                fields[at] = (fields[at].Name, "[Reset](https://evil.example) *x* " + (char)random.Next(0x20, 0x2FFF));
                return Encoding.UTF8.GetBytes(Encoded());
        }
    }

    private async Task<HttpStatusCode> PostAsync(string route, byte[] body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(route, UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new(contentType);
        request.Headers.Add(SlackRequestVerifier.TimestampHeader, host.Now.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SlackRequestVerifier.SignatureHeader, SlackRequestVerifier.Sign(SlackHost.SigningSecret, host.Now, body));
        using var response = await host.Client.SendAsync(request);
        return response.StatusCode;
    }

    // Percent-encodes raw bytes (valid UTF-8 or not) as a form value.
    private static string PercentEncode(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes) text.Append(char.IsAsciiLetterOrDigit((char)b) ? ((char)b).ToString() : $"%{b:X2}");
        return text.ToString();
    }

    private static JsonObject SampleData(string card) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "cards", card + ".data.json")))!;
}
