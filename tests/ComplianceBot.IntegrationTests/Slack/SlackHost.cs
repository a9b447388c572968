using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Fakes;
using ComplianceBot.IntegrationTests.Host;
using Microsoft.Extensions.DependencyInjection;

using ComplianceBot.IntegrationTests.Storage;

namespace ComplianceBot.IntegrationTests.Slack;

/// <summary>
/// The host with Slack switched on against a local fake of the Slack Web API, and a small organisation: Olive owns
/// AC-01 (Dan is its delegate), Nora is a person with no controls. Requests are signed exactly as Slack signs them.
/// </summary>
public sealed class SlackHost : IAsyncDisposable
{
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    public const string Olive = "U0OLIVE01";
    public const string Dan = "U0DAN0001";
    public const string Nora = "U0NORA001";
    public const string Stranger = "U0STRANGE";
    private int nextEvent;

    private SlackHost(FakeSlackApi slack, TempFolder folder)
    {
        Slack = slack;
        Folder = folder;
    }

    public FakeSlackApi Slack { get; }

    public TempFolder Folder { get; }

    public ComplianceBotFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IComplianceStore Store => Factory.Services.GetRequiredService<IComplianceStore>();

    public ComplianceBot.Core.Inbox.IInbox Inbox => Factory.Services.GetRequiredService<ComplianceBot.Core.Inbox.IInbox>();

    /// <param name="seed">False to leave the store as it is (a host started again on the same data).</param>
    public static async Task<SlackHost> StartAsync(IDictionary<string, string?>? overrides = null, bool seed = true)
    {
        var host = new SlackHost(await FakeSlackApi.StartAsync(), new TempFolder());
        host.Slack.AddUser(Olive, "olive@example.com", "Olive Owner", "America/New_York", -18000);
        host.Slack.AddUser(Dan, "dan@example.com", "Dan Delegate");
        host.Slack.AddUser(Nora, "nora@example.com", "Nora North");
        // Someone of another organisation, in a channel shared with it (Slack Connect).
        var stranger = host.Slack.AddUser(Stranger, "stranger@elsewhere.example", "Sam Stranger");
        stranger["team_id"] = "T0ELSEWHRE";
        stranger["is_stranger"] = true;
        foreach (var user in new[] { Olive, Dan, Nora, Stranger }) host.Slack.DirectChannels[user] = DirectChannel(user);
        var settings = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:BotToken"] = host.Slack.BotToken,
            ["Slack:ApiBaseUrl"] = host.Slack.ApiBaseUrl,
            ["Evidence:MaxBytes"] = "1048576",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        host.Factory = new ComplianceBotFactory(host.Folder.Path, settings);
        host.Client = host.Factory.CreateClient();
        if (!seed) return host;
        var store = host.Store;
        foreach (var (email, name) in new[] { ("olive@example.com", "Olive Owner"), ("dan@example.com", "Dan Delegate"), ("nora@example.com", "Nora North") })
        {
            await store.UpsertAsync(new Person { Id = email, Email = email, DisplayName = name });
        }

        var control = (await store.FindAsync<Control>("AC-01"))!;
        await store.ReplaceAsync(control.Document with { OwnerId = "olive@example.com", DelegateId = "dan@example.com" }, control.ETag);
        return host;
    }

    public long Now => Factory.Time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>A message event in the person's direct messages with the bot.</summary>
    public JsonObject DirectMessage(string user, string text, JsonArray? files = null, string? eventId = null)
    {
        var slackEvent = new JsonObject
        {
            ["type"] = "message", ["channel"] = DirectChannel(user), ["user"] = user, ["text"] = text,
            ["ts"] = $"{Now}.{Interlocked.Increment(ref nextEvent):D6}", ["event_ts"] = $"{Now}.000001", ["channel_type"] = "im",
        };
        if (files is not null)
        {
            slackEvent["subtype"] = "file_share";
            slackEvent["files"] = files;
        }

        return EventCallback(slackEvent, eventId);
    }

    public JsonObject EventCallback(JsonObject slackEvent, string? eventId = null) => new()
    {
        ["token"] = "legacy-verification-token",
        ["team_id"] = FakeSlackApi.TeamId,
        ["api_app_id"] = "A0FAKE01",
        ["event"] = slackEvent,
        ["type"] = "event_callback",
        ["event_id"] = eventId ?? $"Ev0{Interlocked.Increment(ref nextEvent):D8}",
        ["event_time"] = Now,
        ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = FakeSlackApi.TeamId, ["user_id"] = FakeSlackApi.BotUserId, ["is_bot"] = true }),
    };

    /// <summary>The D… channel the fake gives for the person's direct messages with the bot.</summary>
    public static string DirectChannel(string user) => "D" + user[1..];

    public Task<HttpResponseMessage> PostEventAsync(JsonObject envelope, int? retryNum = null) =>
        PostSignedAsync(SlackEndpoints.EventsRoute, envelope.ToJsonString(), "application/json", retryNum);

    public Task<HttpResponseMessage> PostInteractionAsync(JsonObject payload) =>
        PostSignedAsync(SlackEndpoints.InteractionsRoute, SlackPayloads.FormBody(payload), "application/x-www-form-urlencoded");

    public Task<HttpResponseMessage> PostCommandAsync(string user, string text, string? channel = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["token"] = "legacy-verification-token", ["team_id"] = FakeSlackApi.TeamId, ["team_domain"] = "contoso",
            ["channel_id"] = channel ?? DirectChannel(user), ["channel_name"] = "directmessage", ["user_id"] = user, ["user_name"] = "person",
            ["command"] = "/compliance", ["text"] = text, ["api_app_id"] = "A0FAKE01",
            ["response_url"] = "https://hooks.slack.com/commands/T0FAKE01/1/abc",
            ["trigger_id"] = $"{Now}.{Interlocked.Increment(ref nextEvent)}.trigger",
        };
        var body = string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
        return PostSignedAsync(SlackEndpoints.CommandsRoute, body, "application/x-www-form-urlencoded");
    }

    /// <summary>Signs <paramref name="body"/> as Slack does: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}").</summary>
    public Task<HttpResponseMessage> PostSignedAsync(string route, string body, string contentType, int? retryNum = null, long? timestamp = null, string? signature = null)
    {
        var ts = timestamp ?? Now;
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(route, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        request.Headers.Add(SlackRequestVerifier.TimestampHeader, ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SlackRequestVerifier.SignatureHeader, signature ?? SlackRequestVerifier.Sign(SigningSecret, ts, Encoding.UTF8.GetBytes(body)));
        if (retryNum is not null)
        {
            request.Headers.Add(SlackEndpoints.RetryNumHeader, retryNum.Value.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return Client.SendAsync(request);
    }

    /// <summary>Waits until the inbox holds nothing pending (every accepted delivery processed).</summary>
    public async Task DrainAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var items = await Inbox.AllAsync();
            if (items.All(i => i.Document.State != InboxState.Pending)) return;
            await Task.Delay(20);
        }

        throw new TimeoutException("The inbox did not drain within 20 s.");
    }

    /// <summary>Waits until an inbox item matches <paramref name="condition"/> (e.g. its processing finished or failed), and returns it.</summary>
    public async Task<InboxItem> WaitForInboxItemAsync(Func<InboxItem, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if ((await Inbox.AllAsync()).Select(i => i.Document).FirstOrDefault(condition) is { } item) return item;
            await Task.Delay(20);
        }

        throw new TimeoutException("No inbox item reached the expected state within 20 s.");
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Slack.DisposeAsync();
        Folder.Dispose();
    }
}
