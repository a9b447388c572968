using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceBot.Fakes;

/// <summary>
/// A local HTTP server that speaks the Bot Connector REST API (and the token endpoint) the way Teams does:
/// it records every call, knows the members of its conversations, serves files, and can be told to answer
/// the next calls with 429 (Retry-After) or 5xx.
/// </summary>
public sealed class FakeBotConnector : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(int Status, int? RetryAfter)> failures = new();

    private readonly CallSignal recorded = new();
    private int deliveredCount;
    private int nextId;

    private FakeBotConnector(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    public string ServiceUrl => BaseUrl + "/amer/";

    public string TokenEndpoint => BaseUrl + "/oauth2/v2.0/token";

    public ConcurrentQueue<ConnectorCall> Calls { get; } = new();

    public ConcurrentDictionary<string, string> Emails { get; } = new();

    public ConcurrentDictionary<string, byte[]> Files { get; } = new();

    /// <summary>Members known by their Entra object id too, as the member lookup accepts either id.</summary>
    public ConcurrentDictionary<string, (string UserId, string Email, string Name, string TenantId, string Role)> ObjectIds { get; } = new();

    /// <summary>Users a new 1:1 conversation cannot be created with, and the status and error code the service answers (403 <c>ConversationBlockedByUser</c>, say).</summary>
    public ConcurrentDictionary<string, (int Status, string Code)> RefusedMembers { get; } = new();

    public int TokenRequests { get; private set; }

    public IEnumerable<ConnectorCall> Delivered => Calls.Where(c => c.Status is >= 200 and < 300 && c.Method != "GET");

    /// <summary>How many calls <see cref="Delivered"/> holds, without walking them (benchmarks poll it while measuring).</summary>
    public int DeliveredCount => Volatile.Read(ref deliveredCount);

    public static async Task<FakeBotConnector> StartAsync()
    {
        var app = LoopbackServer.Create();
        var fake = new FakeBotConnector(app);
        app.MapPost("/oauth2/v2.0/token", (HttpContext http) =>
        {
            fake.TokenRequests++;
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, access_token = "connector-token-" + fake.TokenRequests });
        });
        app.MapGet("/files/{name}", (string name) => fake.Files.TryGetValue(name, out var bytes) ? Results.Bytes(bytes, "application/octet-stream") : Results.NotFound());
        app.MapGet("/amer/v3/conversations/{conversationId}/members/{userId}", (string conversationId, string userId) =>
            fake.Emails.TryGetValue(userId, out var email)
                ? Results.Json(new { id = userId, name = email, email, userPrincipalName = email })
                : fake.ObjectIds.TryGetValue(userId, out var member)
                    ? Results.Json(new
                    {
                        id = member.UserId, name = member.Name, aadObjectId = userId, email = member.Email, userPrincipalName = member.Email,
                        tenantId = member.TenantId, userRole = member.Role,
                    })
                    : Results.Json(new { error = new { code = "MemberNotFoundInConversation", message = "The member was not found." } }, statusCode: 404));
        app.MapPost("/amer/v3/conversations/{conversationId}/activities/{replyToId?}", (HttpContext http, string conversationId, string? replyToId) =>
            fake.RecordAsync(http, "POST", conversationId, replyToId));
        app.MapPut("/amer/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext http, string conversationId, string activityId) =>
            fake.RecordAsync(http, "PUT", conversationId, activityId));
        app.MapPost("/amer/v3/conversations", (Delegate)((HttpContext http) => fake.RecordAsync(http, "CREATE", "", null)));
        fake.BaseUrl = await LoopbackServer.StartAsync(app);
        return fake;
    }

    /// <summary>The next calls that send or update fail like this, in order.</summary>
    public void FailNext(params (int Status, int? RetryAfter)[] responses)
    {
        foreach (var response in responses) failures.Enqueue(response);
    }

    public async Task<IReadOnlyList<ConnectorCall>> WaitForDeliveriesAsync(int count, TimeSpan? within = null)
    {
        await recorded.WaitUntilAsync(() => Delivered.Count() >= count, within ?? TimeSpan.FromSeconds(15));
        return Delivered.ToList();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private void Record(ConnectorCall call)
    {
        Calls.Enqueue(call);
        if (call.Status is >= 200 and < 300 && call.Method != "GET") Interlocked.Increment(ref deliveredCount);
        recorded.Pulse();
    }

    private async Task<IResult> RecordAsync(HttpContext http, string method, string conversationId, string? activityId)
    {
        var body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync()) as JsonObject ?? [];
        var authorization = http.Request.Headers.Authorization.ToString();
        if (method == "CREATE" && body["members"]?[0]?["id"]?.GetValue<string>() is { } member && RefusedMembers.TryGetValue(member, out var refused))
        {
            Record(new ConnectorCall(method, conversationId, activityId, body, refused.Status, authorization));
            return Results.Json(new { error = new { code = refused.Code, message = "refused" } }, statusCode: refused.Status);
        }

        if (failures.TryDequeue(out var failure))
        {
            Record(new ConnectorCall(method, conversationId, activityId, body, failure.Status, authorization));
            if (failure.RetryAfter is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(new { error = new { code = "Throttled", message = "try later" } }, statusCode: failure.Status);
        }

        var id = $"activity-{Interlocked.Increment(ref nextId)}";
        Record(new ConnectorCall(method, conversationId, activityId, body, 200, authorization));
        return method == "CREATE" ? Results.Json(new { id = "a:created-" + id }) : Results.Json(new { id = activityId ?? id });
    }
}

public sealed record ConnectorCall(string Method, string ConversationId, string? ActivityId, JsonObject Body, int Status, string Authorization)
{
    public JsonObject? Card => Body["attachments"]?[0]?["content"] as JsonObject;

    public string? Text => Body["text"]?.GetValue<string>();
}
