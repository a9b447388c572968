using System.Globalization;
using System.Net;
using System.Text;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Core.Records;

using ComplianceBot.IntegrationTests.Storage;

namespace ComplianceBot.IntegrationTests.Slack;

/// <summary>The signed bodies the security review found answered 500 (or accepted and then failing): each is a 400 and nothing is queued.</summary>
public sealed class SlackMalformedBodyTests : IAsyncLifetime
{
    private SlackHost host = null!;

    public async Task InitializeAsync() => host = await SlackHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    public static TheoryData<string, string> Bodies => new()
    {
        { SlackEndpoints.InteractionsRoute, Form("""{"type":"block_actions","user":{"id":"U0OLIVE01"},"state":0,"actions":[{"type":"button","action_id":"evidence.start","value":"{\"action\":5}","action_ts":"1.1"}]}""") },
        { SlackEndpoints.InteractionsRoute, Form("""{"type":"view_submission","user":{"id":"U0OLIVE01"},"view":{"state":0,"private_metadata":"x"}}""") },
        { SlackEndpoints.InteractionsRoute, Form("""{"type":"block_actions","user":{"id":"U0OLIVE01"},"user":{"id":"U0DAN0001"},"actions":[]}""") },
        { SlackEndpoints.InteractionsRoute, Form("""{"type":"block_actions","user":{"id":"\ud800"},"actions":[]}""") },
        { SlackEndpoints.EventsRoute, """{"type":"event_callback","event_id":"\ud800","event":{"type":"message","user":"U0OLIVE01","text":"help","channel":"D0OLIVE01"}}""" },
        { SlackEndpoints.EventsRoute, """{"type":"event_callback","event_id":"Ev1","event_id":"Ev2","event":{"type":"message"}}""" },
        { SlackEndpoints.CommandsRoute, "command=%2Fcompliance&user_id=U0OLIVE01&trigger_id=1.2&text=%ED%A0%80" },
        { SlackEndpoints.CommandsRoute, "command=%2Fcompliance&user_id=U0OLIVE01&user_id=U0DAN0001&trigger_id=1.2&text=status" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Signed_bodies_with_wrong_types_lone_surrogates_or_duplicate_keys_are_400(string route, string body)
    {
        using var response = await host.PostSignedAsync(route, body, route == SlackEndpoints.EventsRoute ? "application/json" : "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await host.Inbox.AllAsync());
    }

    [Fact]
    public async Task A_signed_body_of_invalid_utf8_is_400()
    {
        byte[] body = [.. "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"message\",\"text\":\""u8, 0xFF, 0xC0, .. "\"}}"u8];
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(SlackEndpoints.EventsRoute, UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(SlackRequestVerifier.TimestampHeader, host.Now.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SlackRequestVerifier.SignatureHeader, SlackRequestVerifier.Sign(SlackHost.SigningSecret, host.Now, body));
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await host.Inbox.AllAsync());
    }

    private static string Form(string json) => "payload=" + Uri.EscapeDataString(json);
}
