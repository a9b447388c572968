using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceBot.Fakes;

/// <summary>
/// A local Microsoft Graph for the users delta query, with its token endpoint: the first query pages through every
/// user (two to a page, <c>@odata.nextLink</c>) and ends with a <c>@odata.deltaLink</c>; a query by that link returns
/// only the changes made since (<see cref="Change"/>). Requests without the bearer token it issued get 401.
/// </summary>
public sealed class FakeGraph : IAsyncDisposable
{
    private const int PageSize = 2;
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, JsonObject> users = new(StringComparer.Ordinal);
    private readonly List<(int Version, JsonObject User)> changes = [];
    private int version;

    private FakeGraph(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    public string GraphBaseUrl => BaseUrl + "/v1.0/";

    public string TokenEndpoint => BaseUrl + "/tenant/oauth2/v2.0/token";

    public ConcurrentQueue<string> Scopes { get; } = new();

    public ConcurrentQueue<string> Queries { get; } = new();

    public static async Task<FakeGraph> StartAsync()
    {
        var app = LoopbackServer.Create();
        var fake = new FakeGraph(app);
        app.MapPost("/tenant/oauth2/v2.0/token", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            fake.Scopes.Enqueue(form["scope"].ToString());
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, access_token = "graph-token" });
        });
        app.MapGet("/v1.0/users/delta", (HttpContext http) => fake.Delta(http));
        fake.BaseUrl = await LoopbackServer.StartAsync(app);
        return fake;
    }

    /// <summary>Adds or changes a user as Graph describes them (id, displayName, mail, accountEnabled, manager id).</summary>
    public void Change(string id, string? mail, string displayName, bool enabled = true, string? managerId = null, bool removed = false)
    {
        var user = new JsonObject { ["id"] = id, ["displayName"] = displayName, ["mail"] = mail, ["userPrincipalName"] = mail, ["accountEnabled"] = enabled };
        if (managerId is not null) user["manager@delta"] = new JsonArray(new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = managerId });
        if (removed) user = new JsonObject { ["id"] = id, ["@removed"] = new JsonObject { ["reason"] = "deleted" } };
        lock (changes)
        {
            users[id] = user;
            changes.Add((++version, user));
        }
    }

    private IResult Delta(HttpContext http)
    {
        if (http.Request.Headers.Authorization != "Bearer graph-token") return Results.Unauthorized();
        Queries.Enqueue(http.Request.QueryString.Value ?? "");
        List<JsonObject> all;
        int now;
        lock (changes)
        {
            var since = int.TryParse(http.Request.Query["since"], out var s) ? s : -1;
            all = since < 0 ? users.Values.OrderBy(u => u["id"]!.GetValue<string>(), StringComparer.Ordinal).ToList()
                : changes.Where(c => c.Version > since).Select(c => c.User).ToList();
            now = version;
        }

        var skip = int.TryParse(http.Request.Query["skip"], out var k) ? k : 0;
        var page = all.Skip(skip).Take(PageSize).Select(u => u.DeepClone()).ToArray();
        var body = new JsonObject { ["value"] = new JsonArray(page) };
        var sinceText = http.Request.Query["since"].ToString();
        if (skip + PageSize < all.Count)
            body["@odata.nextLink"] = $"{GraphBaseUrl}users/delta?skip={skip + PageSize}{(sinceText.Length > 0 ? $"&since={sinceText}" : "")}";
        else
            body["@odata.deltaLink"] = $"{GraphBaseUrl}users/delta?since={now}";
        return Results.Json(body);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
