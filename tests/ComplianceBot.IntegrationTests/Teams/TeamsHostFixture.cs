using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Fakes;
using ComplianceBot.IntegrationTests.Host;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceBot.IntegrationTests.Teams;

/// <summary>The host with Teams switched on, a local OpenID issuer, a fake Bot Connector, and a small organisation.</summary>
public sealed class TeamsHost : IAsyncDisposable
{
    public const string OliveId = "29:olive";
    public const string DanId = "29:dan";
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private int nextActivity;
    private IDictionary<string, string?>? settings;

    private TeamsHost(LocalOpenIdIssuer issuer, FakeBotConnector connector, TempFolder folder)
    {
        Issuer = issuer;
        Connector = connector;
        Folder = folder;
    }

    public LocalOpenIdIssuer Issuer { get; }

    public FakeBotConnector Connector { get; }

    public TempFolder Folder { get; }

    public ComplianceBotFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IComplianceStore Store => Factory.Services.GetRequiredService<IComplianceStore>();

    public ComplianceBot.Core.Inbox.IInbox Inbox => Factory.Services.GetRequiredService<ComplianceBot.Core.Inbox.IInbox>();

    public static async Task<TeamsHost> StartAsync(bool processInbox = true, TempFolder? folder = null, IDictionary<string, string?>? settings = null)
    {
        var host = new TeamsHost(await LocalOpenIdIssuer.StartAsync(), await FakeBotConnector.StartAsync(), folder ?? new TempFolder()) { settings = settings };
        host.Connector.Emails[OliveId] = "olive@example.com";
        host.Connector.Emails[DanId] = "dan@example.com";
        await host.RestartAsync(processInbox);
        return host;
    }

    /// <summary>A new host process on the same data folder (the old one is gone, as after a crash); optionally with other settings.</summary>
    public async Task RestartAsync(bool processInbox = true, IDictionary<string, string?>? settings = null)
    {
        if (settings is not null) this.settings = settings;
        if (Factory is not null) await Factory.DisposeAsync();
        var overrides = new Dictionary<string, string?>(this.settings ?? new Dictionary<string, string?>())
        {
            ["Teams:AppId"] = LocalOpenIdIssuer.AppId,
            ["Teams:AppPassword"] = "test-only-secret",
            ["Teams:OpenIdMetadataUrl"] = Issuer.BotFrameworkMetadataUrl,
            ["Teams:TokenEndpoint"] = Connector.TokenEndpoint,
            ["Chat:ProcessInbox"] = processInbox ? "true" : "false",
        };
        Factory = new ComplianceBotFactory(Folder.Path, overrides);
        Client = Factory.CreateClient();
        Issuer.Now = () => Factory.Time.GetUtcNow().UtcDateTime;
        var store = Store;
        foreach (var (email, name) in new[] { ("olive@example.com", "Olive Owner"), ("dan@example.com", "Dan Delegate") })
        {
            await store.UpsertAsync(new Person { Id = email, Email = email, DisplayName = name });
        }

        var control = (await store.FindAsync<Control>("AC-01"))!;
        await store.ReplaceAsync(control.Document with { OwnerId = "olive@example.com", DelegateId = "dan@example.com" }, control.ETag);
    }

    /// <summary>The Entra object id the fixture gives a Teams user id: stable, and one per person.</summary>
    public static string ObjectIdOf(string userId) =>
        new Guid(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(userId)).AsSpan(0, 16)).ToString();

    /// <summary>An application/search invoke, as Teams sends it for a Data.Query typeahead.</summary>
    public JsonObject Search(string dataset, string text, int skip = 0, int top = 15, string from = OliveId) => Activity("invoke", from, null, a =>
    {
        a["name"] = "application/search";
        a["value"] = new JsonObject
        {
            ["queryText"] = text, ["queryOptions"] = new JsonObject { ["skip"] = skip, ["top"] = top }, ["dataset"] = dataset,
        };
    });

    public JsonObject Message(string text, string from = OliveId, string? id = null) => Activity("message", from, id, a =>
    {
        a["text"] = text;
        a["textFormat"] = "plain";
    });

    public JsonObject Submit(JsonObject value, string replyToId, string from = OliveId) => Activity("message", from, null, a =>
    {
        a["value"] = value;
        a["replyToId"] = replyToId;
    });

    public JsonObject FileMessage(string name, string fileType, string downloadUrl, string from = OliveId) => Activity("message", from, null, a =>
    {
        a["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
            ["contentUrl"] = "https://contoso.sharepoint.example/personal/" + name,
            ["name"] = name,
            ["content"] = new JsonObject { ["downloadUrl"] = downloadUrl, ["uniqueId"] = Guid.NewGuid().ToString(), ["fileType"] = fileType },
        });
    });

    public JsonObject Execute(string verb, JsonObject data, string from = OliveId) => Activity("invoke", from, null, a =>
    {
        a["name"] = "adaptiveCard/action";
        a["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["id"] = "action-" + verb, ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        };
    });

    public Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative))
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Issuer.ChannelToken(Connector.ServiceUrl));
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Connector.DisposeAsync();
        await Issuer.DisposeAsync();
        Folder.Dispose();
    }

    private JsonObject Activity(string type, string from, string? id, Action<JsonObject> fill)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = id ?? $"1485983408{Interlocked.Increment(ref nextActivity):D3}",
            ["timestamp"] = "2026-11-20T09:00:00.000Z",
            ["serviceUrl"] = Connector.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = from, ["name"] = "Someone", ["aadObjectId"] = ObjectIdOf(from) },
            ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["id"] = "a:dm-" + from.Replace(":", "", StringComparison.Ordinal), ["tenantId"] = TenantId },
            ["recipient"] = new JsonObject { ["id"] = "28:" + LocalOpenIdIssuer.AppId, ["name"] = "ComplianceBot" },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
            ["locale"] = "en-US",
        };
        fill(activity);
        return activity;
    }
}
