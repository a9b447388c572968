using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace ComplianceBot.Fakes;

/// <summary>The Web API methods the fake knows, with the checks and errors Slack documents for them.</summary>
public sealed partial class FakeSlackApi
{
    public ConcurrentDictionary<(string Channel, string Ts), FakeSlackMessage> Messages { get; } = new();

    public ConcurrentQueue<FakeSlackMessage> Ephemeral { get; } = new();

    /// <summary>Open modals by view id.</summary>
    public ConcurrentDictionary<string, JsonObject> Views { get; } = new(StringComparer.Ordinal);

    /// <summary>Published Home tabs by user id.</summary>
    public ConcurrentDictionary<string, JsonObject> HomeViews { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, JsonObject> Users { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, FakeSlackFile> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>The DM channel of each user conversations.open was asked for.</summary>
    public ConcurrentDictionary<string, string> DirectChannels { get; } = new(StringComparer.Ordinal);

    /// <summary>Users conversations.open refuses, with the error it answers (<c>user_not_found</c>, <c>user_disabled</c>, <c>cannot_dm_bot</c>).</summary>
    public ConcurrentDictionary<string, string> RefusedUsers { get; } = new(StringComparer.Ordinal);

    /// <summary>trigger_ids that views.open answers with <c>expired_trigger_id</c>.</summary>
    public ConcurrentDictionary<string, bool> ExpiredTriggers { get; } = new(StringComparer.Ordinal);

    /// <summary>Messages in a channel, oldest first.</summary>
    public IReadOnlyList<FakeSlackMessage> MessagesIn(string channel) =>
        Messages.Values.Where(m => m.Channel == channel).OrderBy(m => m.Ts, StringComparer.Ordinal).ToList();

    /// <summary>users.list as Slack pages it: by user id, <c>limit</c> at a time, the next page's cursor in response_metadata.</summary>
    private (JsonObject? Response, string? Error) ListUsers(JsonObject args)
    {
        var limit = int.TryParse(Text(args, "limit"), out var l) && l is > 0 and <= 1000 ? l : 100;
        var after = Text(args, "cursor") is { Length: > 0 } c ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(c)) : "";
        var page = Users.Values.OrderBy(u => u["id"]!.GetValue<string>(), StringComparer.Ordinal)
            .Where(u => string.CompareOrdinal(u["id"]!.GetValue<string>(), after) > 0).Take(limit + 1).ToList();
        var next = page.Count > limit ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(page[limit - 1]["id"]!.GetValue<string>())) : "";
        return (new JsonObject
        {
            ["members"] = new JsonArray(page.Take(limit).Select(u => u.DeepClone()).ToArray()),
            ["response_metadata"] = new JsonObject { ["next_cursor"] = next },
        }, null);
    }

    public JsonObject AddUser(string id, string email, string realName, string tz = "Europe/Amsterdam", int tzOffsetSeconds = 3600, string? displayName = null)
    {
        var user = new JsonObject
        {
            ["id"] = id, ["team_id"] = TeamId, ["name"] = email.Split('@')[0], ["deleted"] = false, ["real_name"] = realName,
            ["tz"] = tz, ["tz_label"] = tz, ["tz_offset"] = tzOffsetSeconds, ["is_bot"] = false, ["is_admin"] = false,
            ["profile"] = new JsonObject
            {
                ["real_name"] = realName, ["display_name"] = displayName ?? realName.Split(' ')[0], ["email"] = email, ["team"] = TeamId,
            },
        };
        Users[id] = user;
        return user;
    }

    /// <summary>A file people could share with the bot; files.info describes it and its url_private_download serves it.</summary>
    public FakeSlackFile AddFile(string id, string name, string mimeType, byte[] content)
    {
        var file = new FakeSlackFile(id, name, mimeType, content, $"{BaseUrl}/files-pri/{TeamId}-{id}/download/{Uri.EscapeDataString(name)}");
        Files[id] = file;
        return file;
    }

    /// <summary>A URL on this server that redirects to <paramref name="target"/>.</summary>
    public string RedirectTo(string target) => $"{BaseUrl}/redirect?to={Uri.EscapeDataString(target)}";

    private (JsonObject? Result, string? Error) Perform(string method, JsonObject args) => method switch
    {
        "chat.postMessage" => PostMessage(args),
        "chat.update" => UpdateMessage(args),
        "chat.postEphemeral" => PostEphemeral(args),
        "views.open" => OpenView(args),
        "views.update" => UpdateView(args),
        "views.publish" => PublishView(args),
        "conversations.open" => OpenConversation(args),
        "conversations.history" => History(args),
        "files.info" => Files.TryGetValue(Text(args, "file") ?? "", out var file)
            ? (new JsonObject { ["file"] = file.Describe() }, null)
            : (null, "file_not_found"),
        "users.list" => ListUsers(args),
        "users.info" => Users.TryGetValue(Text(args, "user") ?? "", out var user)
            ? (new JsonObject { ["user"] = user.DeepClone() }, null)
            : (null, "user_not_found"),
        "users.lookupByEmail" => Users.Values.FirstOrDefault(u => string.Equals(u["profile"]?["email"]?.GetValue<string>(), Text(args, "email"), StringComparison.OrdinalIgnoreCase)) is { } found
            ? (new JsonObject { ["user"] = found.DeepClone() }, null)
            : (null, "users_not_found"),
        "auth.test" => (new JsonObject { ["url"] = "https://fake.slack.example/", ["team"] = "Fake", ["team_id"] = TeamId, ["user_id"] = BotUserId, ["bot_id"] = BotId }, null),
        _ => (null, "unknown_method"),
    };

    private (JsonObject?, string?) PostMessage(JsonObject args)
    {
        var channel = Text(args, "channel");
        if (string.IsNullOrEmpty(channel)) return (null, "channel_not_found");
        var (blocks, error) = MessageContent(args);
        if (error is not null) return (null, error);
        var message = new FakeSlackMessage(channel, NextTs(), Text(args, "text"), blocks, Text(args, "thread_ts"), Metadata: args["metadata"]?.DeepClone() as JsonObject);
        Messages[(channel, message.Ts)] = message;
        return (new JsonObject { ["channel"] = channel, ["ts"] = message.Ts, ["message"] = message.ToJson() }, null);
    }

    private (JsonObject?, string?) UpdateMessage(JsonObject args)
    {
        var channel = Text(args, "channel") ?? "";
        var ts = Text(args, "ts") ?? "";
        if (!Messages.TryGetValue((channel, ts), out var existing)) return (null, "message_not_found");
        var (blocks, error) = MessageContent(args);
        if (error is not null) return (null, error);
        var updated = existing with { Text = Text(args, "text"), Blocks = blocks, Updates = existing.Updates + 1 };
        Messages[(channel, ts)] = updated;
        return (new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = updated.Text, ["message"] = updated.ToJson() }, null);
    }

    private (JsonObject?, string?) PostEphemeral(JsonObject args)
    {
        var channel = Text(args, "channel");
        if (string.IsNullOrEmpty(channel)) return (null, "channel_not_found");
        if (string.IsNullOrEmpty(Text(args, "user"))) return (null, "user_not_in_channel");
        var (blocks, error) = MessageContent(args);
        if (error is not null) return (null, error);
        var message = new FakeSlackMessage(channel, NextTs(), Text(args, "text"), blocks, Text(args, "thread_ts"), User: Text(args, "user"));
        Ephemeral.Enqueue(message);
        return (new JsonObject { ["message_ts"] = message.Ts }, null);
    }

    private static (JsonArray? Blocks, string? Error) MessageContent(JsonObject args)
    {
        var blocks = args["blocks"] as JsonArray;
        if (args["blocks"] is not null and not JsonArray) return (null, "invalid_blocks_format");
        if (blocks is { Count: > 50 }) return (null, "invalid_blocks");
        if (string.IsNullOrEmpty(Text(args, "text")) && blocks is not { Count: > 0 }) return (null, "no_text");
        if (Text(args, "text") is { Length: > 40_000 }) return (null, "msg_too_long");
        return ((JsonArray?)blocks?.DeepClone(), null);
    }

    private (JsonObject?, string?) OpenView(JsonObject args)
    {
        var trigger = Text(args, "trigger_id");
        if (string.IsNullOrEmpty(trigger)) return (null, "invalid_arguments");
        if (ExpiredTriggers.ContainsKey(trigger)) return (null, "expired_trigger_id");
        if (CheckView(args["view"], "modal") is { } error) return (null, error);
        var view = StoredView((JsonObject)args["view"]!, NextId("V"));
        Views[view["id"]!.GetValue<string>()] = view;
        return (new JsonObject { ["view"] = view.DeepClone() }, null);
    }

    private (JsonObject?, string?) UpdateView(JsonObject args)
    {
        var id = Text(args, "view_id") ?? Views.FirstOrDefault(v => Text(v.Value, "external_id") == Text(args, "external_id")).Key;
        if (id is null || !Views.TryGetValue(id, out var existing)) return (null, "not_found");
        if (Text(args, "hash") is { } hash && hash != Text(existing, "hash")) return (null, "hash_conflict");
        if (CheckView(args["view"], "modal") is { } error) return (null, error);
        var view = StoredView((JsonObject)args["view"]!, id);
        Views[id] = view;
        return (new JsonObject { ["view"] = view.DeepClone() }, null);
    }

    private (JsonObject?, string?) PublishView(JsonObject args)
    {
        var user = Text(args, "user_id");
        if (string.IsNullOrEmpty(user)) return (null, "invalid_arguments");
        if (Text(args, "hash") is { } hash && HomeViews.TryGetValue(user, out var existing) && hash != Text(existing, "hash")) return (null, "hash_conflict");
        if (CheckView(args["view"], "home") is { } error) return (null, error);
        var view = StoredView((JsonObject)args["view"]!, HomeViews.TryGetValue(user, out var previous) ? Text(previous, "id")! : NextId("V"));
        HomeViews[user] = view;
        return (new JsonObject { ["view"] = view.DeepClone() }, null);
    }

    /// <summary>Newest first; metadata only with include_all_metadata, as Slack does; paged by a cursor (an offset here).</summary>
    private (JsonObject?, string?) History(JsonObject args)
    {
        var channel = Text(args, "channel");
        if (string.IsNullOrEmpty(channel)) return (null, "channel_not_found");
        var oldest = double.TryParse(Text(args, "oldest"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var o) ? o : 0;
        var limit = int.TryParse(Text(args, "limit"), out var l) ? Math.Clamp(l, 1, 999) : 100;
        var offset = int.TryParse(Text(args, "cursor"), out var c) ? c : 0;
        var withMetadata = Text(args, "include_all_metadata") is "true" or "1";
        var all = MessagesIn(channel).Where(m => double.Parse(m.Ts, System.Globalization.CultureInfo.InvariantCulture) >= oldest).Reverse().ToList();
        var page = all.Skip(offset).Take(limit).Select(m =>
        {
            var json = m.ToJson();
            if (!withMetadata) json.Remove("metadata");
            return (JsonNode)json;
        }).ToArray();
        var more = offset + limit < all.Count;
        return (new JsonObject
        {
            ["messages"] = new JsonArray(page), ["has_more"] = more,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = more ? (offset + limit).ToString(System.Globalization.CultureInfo.InvariantCulture) : "" },
        }, null);
    }

    private (JsonObject?, string?) OpenConversation(JsonObject args)
    {
        var users = Text(args, "users");
        if (string.IsNullOrEmpty(users)) return (null, "users_list_not_supplied");
        if (RefusedUsers.TryGetValue(users, out var refused)) return (null, refused);
        var id = DirectChannels.GetOrAdd(users, _ => NextId("D"));
        return (new JsonObject { ["channel"] = new JsonObject { ["id"] = id } }, null);
    }

    private static string? CheckView(JsonNode? node, string type)
    {
        if (node is not JsonObject view || Text(view, "type") != type) return "invalid_arguments";
        if (view["blocks"] is not JsonArray { Count: <= 100 }) return "invalid_arguments";
        if (type == "modal" && view["title"]?["text"]?.GetValue<string>() is not { Length: > 0 and <= 24 }) return "invalid_arguments";
        if (Text(view, "private_metadata") is { Length: > 3000 }) return "invalid_arguments";
        if (Text(view, "callback_id") is { Length: > 255 }) return "invalid_arguments";
        return null;
    }

    private JsonObject StoredView(JsonObject view, string id)
    {
        var stored = (JsonObject)view.DeepClone();
        stored["id"] = id;
        stored["team_id"] = TeamId;
        stored["hash"] = $"{time.GetUtcNow().ToUnixTimeSeconds()}.{NextId("h")}";
        stored["state"] = new JsonObject { ["values"] = new JsonObject() };
        stored["root_view_id"] = id;
        stored["app_id"] = "A0FAKE01";
        stored["bot_id"] = BotId;
        return stored;
    }
}

/// <summary>A message the fake holds, as posted or last updated.</summary>
public sealed record FakeSlackMessage(string Channel, string Ts, string? Text, JsonArray? Blocks, string? ThreadTs, int Updates = 0, string? User = null, JsonObject? Metadata = null)
{
    public JsonObject ToJson() => new()
    {
        ["type"] = "message", ["ts"] = Ts, ["text"] = Text, ["bot_id"] = FakeSlackApi.BotId, ["user"] = FakeSlackApi.BotUserId,
        ["blocks"] = Blocks?.DeepClone() ?? new JsonArray(), ["metadata"] = Metadata?.DeepClone(),
    };
}

/// <summary>A file the fake serves.</summary>
public sealed record FakeSlackFile(string Id, string Name, string MimeType, byte[] Content, string UrlPrivateDownload)
{
    public JsonObject Describe() => new()
    {
        ["id"] = Id, ["name"] = Name, ["title"] = Name, ["mimetype"] = MimeType, ["filetype"] = Path.GetExtension(Name).TrimStart('.'),
        ["size"] = Content.LongLength, ["user"] = "U0FAKEUSER", ["is_external"] = false,
        ["url_private"] = UrlPrivateDownload.Replace("/download/", "/", StringComparison.Ordinal), ["url_private_download"] = UrlPrivateDownload,
    };
}
