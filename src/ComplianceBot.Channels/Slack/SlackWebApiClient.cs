using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// The Slack Web API methods ComplianceBot uses, with the bot token as a Bearer header and JSON bodies
/// (form bodies for the read methods, which take no JSON). <c>ok:false</c> becomes a
/// <see cref="SlackApiException"/> carrying Slack's error code. Calls are marked idempotent or not, and the
/// client's resilience handler (<see cref="Http.ChatHttpResilience"/>) retries accordingly: a 429 after its
/// Retry-After, a 5xx or a time-out only where repeating is harmless — never for a post, which may already have
/// been carried out. Register with automatic redirects off (see <see cref="SlackRegistration"/>): file downloads
/// follow redirects themselves and drop the token when the host changes.
/// </summary>
public sealed partial class SlackWebApiClient(HttpClient http, SlackOptions options, TimeProvider time, ILogger<SlackWebApiClient> logger)
{
    public async Task<SlackMessageRef> PostMessageAsync(string channel, string text, SlackBlocks? blocks = null, string? threadTs = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["channel"] = channel, ["text"] = text };
        if (threadTs is not null) body["thread_ts"] = threadTs;
        var response = await CallWithBlocksAsync("chat.postMessage", body, blocks, idempotent: false, cancellationToken);
        return new SlackMessageRef(Required(response, "channel", "chat.postMessage"), Required(response, "ts", "chat.postMessage"));
    }

    /// <summary>Replaces a message the bot posted (a card after it was answered).</summary>
    public async Task<SlackMessageRef> UpdateMessageAsync(string channel, string ts, string text, SlackBlocks? blocks = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = text };
        var response = await CallWithBlocksAsync("chat.update", body, blocks ?? new JsonArray(), idempotent: true, cancellationToken);
        return new SlackMessageRef(SlackUser.Text(response, "channel") ?? channel, SlackUser.Text(response, "ts") ?? ts);
    }

    /// <summary>A call whose body carries blocks, written into the body as they are (not copied into it).</summary>
    private Task<JsonObject> CallWithBlocksAsync(string method, JsonObject body, SlackBlocks? blocks, bool idempotent, CancellationToken cancellationToken) =>
        SendAsync(method, () => JsonBody(body, blocks), idempotent, cancellationToken);

    /// <summary>Opens a modal; <paramref name="triggerId"/> is valid for 3 s after the interaction, so this is not retried on 5xx.</summary>
    public async Task<SlackView> OpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken = default) =>
        ViewOf(await CallAsync("views.open", new JsonObject { ["trigger_id"] = triggerId, ["view"] = view.DeepClone() }, idempotent: false, cancellationToken), "views.open");

    public async Task<SlackView> UpdateViewAsync(string viewId, JsonObject view, string? hash = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["view_id"] = viewId, ["view"] = view.DeepClone() };
        if (hash is not null) body["hash"] = hash;
        return ViewOf(await CallAsync("views.update", body, idempotent: true, cancellationToken), "views.update");
    }

    /// <summary>Publishes a person's Home tab (a view of type home).</summary>
    public async Task<SlackView> PublishHomeAsync(string userId, JsonObject view, string? hash = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["user_id"] = userId, ["view"] = view.DeepClone() };
        if (hash is not null) body["hash"] = hash;
        return ViewOf(await CallAsync("views.publish", body, idempotent: true, cancellationToken), "views.publish");
    }

    /// <returns>The id of the direct-message channel with <paramref name="userId"/> (D…); the same one every time.</returns>
    public async Task<string> OpenDirectMessageAsync(string userId, CancellationToken cancellationToken = default)
    {
        var response = await CallAsync("conversations.open", new JsonObject { ["users"] = userId }, idempotent: true, cancellationToken);
        return (response["channel"] as JsonObject is { } channel ? SlackUser.Text(channel, "id") : null)
            ?? throw new SlackApiException("conversations.open", "missing_channel");
    }

    public async Task<SlackFile> GetFileInfoAsync(string fileId, CancellationToken cancellationToken = default)
    {
        var response = await CallFormAsync("files.info", [new("file", fileId)], cancellationToken);
        return SlackFile.From(response["file"] as JsonObject ?? throw new SlackApiException("files.info", "missing_file"));
    }

    public async Task<SlackUser> GetUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        var response = await CallFormAsync("users.info", [new("user", userId)], cancellationToken);
        return SlackUser.From(response["user"] as JsonObject ?? throw new SlackApiException("users.info", "missing_user"));
    }

    /// <summary>One page of the workspace's members (users.list), and the cursor of the next page (null after the last).</summary>
    public async Task<(IReadOnlyList<SlackUser> Users, string? Next)> ListUsersAsync(string? cursor, int limit = 200, CancellationToken cancellationToken = default)
    {
        List<KeyValuePair<string, string>> args = [new("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        if (!string.IsNullOrEmpty(cursor)) args.Add(new("cursor", cursor));
        var response = await CallFormAsync("users.list", [.. args], cancellationToken);
        var users = (response["members"] as JsonArray ?? []).OfType<JsonObject>().Select(SlackUser.From).ToList();
        var next = response["response_metadata"]?["next_cursor"] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
        return (users, next);
    }

    /// <returns>The user with that email, or null when the workspace has none (<c>users_not_found</c>).</returns>
    public async Task<SlackUser?> LookupUserByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await CallFormAsync("users.lookupByEmail", [new("email", email)], cancellationToken);
            return SlackUser.From(response["user"] as JsonObject ?? throw new SlackApiException("users.lookupByEmail", "missing_user"));
        }
        catch (SlackApiException ex) when (ex.Error == "users_not_found")
        {
            return null;
        }
    }

    /// <summary>
    /// Any Web API method with a JSON body. <paramref name="idempotent"/> says whether repeating the call after a
    /// 5xx or time-out is harmless; 429s are always retried (Slack did not carry the call out).
    /// </summary>
    public Task<JsonObject> CallAsync(string method, JsonObject arguments, bool idempotent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(arguments);
        return SendAsync(method, () => JsonBody(arguments), idempotent, cancellationToken);
    }

    private Task<JsonObject> CallFormAsync(string method, KeyValuePair<string, string>[] arguments, CancellationToken cancellationToken) =>
        SendAsync(method, () => new FormUrlEncodedContent(arguments), idempotent: true, cancellationToken);

    private static SlackView ViewOf(JsonObject response, string method)
    {
        var view = response["view"] as JsonObject ?? throw new SlackApiException(method, "missing_view");
        return new SlackView(SlackUser.Text(view, "id") ?? throw new SlackApiException(method, "missing_view"), SlackUser.Text(view, "hash"), view);
    }

    private static string Required(JsonObject response, string name, string method) =>
        SlackUser.Text(response, name) ?? throw new SlackApiException(method, "missing_" + name);
}
