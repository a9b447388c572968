using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Records;
using ComplianceBot.IntegrationTests.Edge;
using Xunit.Abstractions;

namespace ComplianceBot.IntegrationTests.Teams;

/// <summary>
/// Thousands of malformed activities carrying a valid Bot Framework token, made by mutating valid samples: none
/// may get a 5xx, the host stays healthy, and a normal message afterwards is answered exactly once.
/// </summary>
public sealed class TeamsFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Bodies = 3000;
    private const int Seed = 20261121;
    private TeamsHost host = null!;

    public async Task InitializeAsync() => host = await TeamsHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Fuzzed_activities_with_a_valid_token_never_get_a_5xx_and_the_host_keeps_answering()
    {
        var tally = new StatusTally();
        var mutator = new BodyMutator(Seed);
        var token = host.Issuer.ChannelToken(host.Connector.ServiceUrl);
        var samples = new[]
        {
            host.Message("help", id: "1485983408901"),
            host.Execute("attest.submit", new JsonObject { ["controlId"] = "AC-01", ["period"] = "2026-Q4", ["result"] = "yes", ["comment"] = "ok" }),
            host.Execute("risk.open", new JsonObject()),
            host.Submit(new JsonObject { ["action"] = "evidence.start", ["controlId"] = "AC-01" }, "1485983408000"),
        };
        samples[1]["id"] = "1485983408902";
        samples[2]["id"] = "1485983408903";
        samples[3]["id"] = "1485983408904";

        for (var i = 0; i < Bodies; i++)
        {
            var sample = samples[i % samples.Length];
            var body = mutator.MutateJson(sample);
            var status = await PostAsync(body, token);

            // An invoke other than adaptiveCard/action is answered 501 Not Implemented, as the Bot Framework
            // specifies for invokes a bot does not handle: a deliberate answer, not a failure.
            var unhandledInvoke = status == HttpStatusCode.NotImplemented && IsOtherInvoke(body);
            tally.Add("teams", status, mutator.LastKind, Seed, i, deliberate: unhandledInvoke);
        }

        output.WriteLine(tally.ToString());
        Assert.Equal(Bodies, tally.Sent("teams"));
        Assert.True(tally.Failures.Count == 0, string.Join('\n', tally.Failures.Take(20)));

        using var healthy = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);

        var danConversation = "a:dm-29dan";
        var before = host.Connector.Delivered.Count(c => c.ConversationId == danConversation);
        var normal = await host.PostAsync(host.Message("hi", from: TeamsHost.DanId, id: "1485983409999"));
        Assert.Equal(HttpStatusCode.Accepted, normal.StatusCode);
        var itemId = $"teams:{danConversation}:1485983409999";
        await WaitForDoneAsync(itemId);
        Assert.Equal(before + 1, host.Connector.Delivered.Count(c => c.ConversationId == danConversation));
    }

    private static bool IsOtherInvoke(byte[] body)
    {
        var activity = ComplianceBot.Channels.Teams.TeamsBot.Parse(System.Text.Encoding.UTF8.GetString(body));
        return activity?.Type == "invoke" && activity.Name != "adaptiveCard/action";
    }

    private async Task<HttpStatusCode> PostAsync(byte[] body, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await host.Client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task WaitForDoneAsync(string itemId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await host.Inbox.FindAsync(itemId))?.Document.State != InboxState.Done)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{itemId} was not processed within 20 s.");
            await Task.Delay(20);
        }
    }
}
