using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Records;
using ComplianceBot.IntegrationTests.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

using ComplianceBot.IntegrationTests.Storage;

namespace ComplianceBot.IntegrationTests.Slack;

/// <summary>What Slack's request URLs do with requests that are not what Slack sends: refuse them, save nothing, stay up.</summary>
public sealed class SlackRequestTests : IAsyncLifetime
{
    private SlackHost host = null!;

    public async Task InitializeAsync() => host = await SlackHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Url_verification_echoes_the_challenge_when_signed()
    {
        using var response = await host.PostEventAsync(new JsonObject
        {
            ["token"] = "legacy", ["challenge"] = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", ["type"] = "url_verification",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string> Routes => [SlackEndpoints.EventsRoute, SlackEndpoints.InteractionsRoute, SlackEndpoints.CommandsRoute];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Unsigned_stale_future_and_tampered_requests_get_401_and_nothing_is_queued(string route)
    {
        var body = host.DirectMessage(SlackHost.Olive, "help").ToJsonString();
        var signed = SlackRequestVerifier.Sign(SlackHost.SigningSecret, host.Now, Encoding.UTF8.GetBytes(body));

        using (var unsigned = new HttpRequestMessage(HttpMethod.Post, new Uri(route, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") })
        using (var response = await host.Client.SendAsync(unsigned))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var stale = host.Now - 6 * 60;
        using (var response = await host.PostSignedAsync(route, body, "application/json", timestamp: stale,
            signature: SlackRequestVerifier.Sign(SlackHost.SigningSecret, stale, Encoding.UTF8.GetBytes(body))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var future = host.Now + 6 * 60;
        using (var response = await host.PostSignedAsync(route, body, "application/json", timestamp: future,
            signature: SlackRequestVerifier.Sign(SlackHost.SigningSecret, future, Encoding.UTF8.GetBytes(body))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var response = await host.PostSignedAsync(route, body.Replace("help", "status", StringComparison.Ordinal), "application/json", signature: signed))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var response = await host.PostSignedAsync(route, body, "application/json", signature: "v0=" + new string('0', 64)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Empty(await host.Inbox.AllAsync());
        Assert.Empty(host.Slack.Calls);
    }

    [Fact]
    public async Task Malformed_payloads_get_400_and_nothing_is_queued()
    {
        using (var response = await host.PostSignedAsync(SlackEndpoints.EventsRoute, "{not json", "application/json")) Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using (var response = await host.PostSignedAsync(SlackEndpoints.EventsRoute, """{"type":"event_callback","event":{"type":"message"}}""", "application/json"))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // no event_id: a retry could not be recognised
        using (var response = await host.PostSignedAsync(SlackEndpoints.InteractionsRoute, "payload=%7Bbroken", "application/x-www-form-urlencoded"))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using (var response = await host.PostSignedAsync(SlackEndpoints.InteractionsRoute, "nothing=here", "application/x-www-form-urlencoded"))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using (var response = await host.PostSignedAsync(SlackEndpoints.CommandsRoute, "text=risk", "application/x-www-form-urlencoded"))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using (var response = await host.PostSignedAsync(SlackEndpoints.EventsRoute, new string('x', 600 * 1024), "application/json"))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);

        Assert.Empty(await host.Inbox.AllAsync());

        // Still serving.
        using var healthy = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Fact]
    public async Task A_modal_answer_for_something_that_no_longer_exists_saves_nothing_and_closes()
    {
        var view = BlockKitRenderer.RenderModal(new Core.Cards.CardView("risk-intake", SampleData("risk-intake")));
        var payload = Fakes.SlackPayloads.ViewSubmission(view, new Dictionary<string, string> { ["title"] = "" }, SlackHost.Stranger);
        using var response = await host.PostInteractionAsync(payload);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await host.Store.CountAsync<Risk>());
        await host.DrainAsync();
        Assert.Contains(host.Slack.MessagesIn(SlackHost.DirectChannel(SlackHost.Stranger)), m => m.Text?.Contains("don't know you", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Slack_answering_429_then_ok_false_still_delivers_once_or_reports_the_error()
    {
        host.Slack.RateLimitNext("chat.postMessage", 1, retryAfterSeconds: 1);
        using var first = await host.PostEventAsync(host.DirectMessage(SlackHost.Olive, "help"));

        // The client waits out Retry-After on the host's clock, which this test moves on.
        await host.Slack.WaitForCallsAsync("chat.postMessage", 1);
        for (var i = 0; i < 100 && host.Slack.MessagesIn(SlackHost.DirectChannel(SlackHost.Olive)).Count == 0; i++)
        {
            host.Factory.Time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(20);
        }

        await host.DrainAsync();
        Assert.Single(host.Slack.MessagesIn(SlackHost.DirectChannel(SlackHost.Olive)));
        Assert.Equal(2, host.Slack.CallsTo("chat.postMessage").Count());

        // ok:false (the channel is gone): the delivery is kept for another try, not lost, and the host stays up.
        host.Slack.ErrorNext("chat.postMessage", "channel_not_found");
        using var second = await host.PostEventAsync(host.DirectMessage(SlackHost.Dan, "help"));
        var item = await host.WaitForInboxItemAsync(i => i.Payload.Contains(SlackHost.Dan, StringComparison.Ordinal) && i.LastError is not null);
        Assert.Contains("channel_not_found", item.LastError, StringComparison.Ordinal);
        Assert.Equal(InboxState.Pending, item.State);
        Assert.Single(await host.Inbox.AllAsync(), i => i.Document.Payload.Contains(SlackHost.Dan, StringComparison.Ordinal));
    }

    [Fact]
    public void The_manifest_points_at_the_routes_the_host_serves()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "manifests", "slack", "manifest.json")))!;
        var routes = host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToHashSet(StringComparer.Ordinal);
        string PathOf(JsonNode? url) => new Uri(url!.GetValue<string>()).AbsolutePath;

        Assert.Contains(PathOf(manifest["settings"]!["event_subscriptions"]!["request_url"]), routes);
        Assert.Contains(PathOf(manifest["settings"]!["interactivity"]!["request_url"]), routes);
        var command = manifest["features"]!["slash_commands"]![0]!;
        Assert.Contains(PathOf(command["url"]), routes);
        foreach (var word in host.Factory.Services.GetRequiredService<Core.Conversations.ActionRegistry>().Commands.Select(c => c.Word))
            Assert.Contains(word, command["usage_hint"]!.GetValue<string>(), StringComparison.Ordinal);
        var events = manifest["settings"]!["event_subscriptions"]!["bot_events"]!.AsArray().Select(e => e!.GetValue<string>());
        Assert.Equal(["app_home_opened", "app_mention", "file_shared", "message.im"], events.Order());
    }

    [Fact]
    public async Task Slack_switched_on_without_a_signing_secret_refuses_to_start_naming_the_setting()
    {
        using var folder = new TempFolder();
        await using var factory = new ComplianceBotFactory(folder.Path, new Dictionary<string, string?> { ["Slack:BotToken"] = "xoxb-1-2-3" });
        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Slack__SigningSecret", failure.ToString(), StringComparison.Ordinal);
    }

    private static JsonObject SampleData(string card) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "cards", card + ".data.json")))!;
}
