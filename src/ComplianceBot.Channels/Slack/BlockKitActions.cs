using System.Text.Json.Nodes;
using ComplianceBot.Core.Conversations;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// Adaptive Card actions as Block Kit buttons. Action.Submit and Action.Execute become buttons whose action_id is
/// the action's id (the verb, else data.action: see <see cref="ChatAction"/>) and whose value is the action's data
/// as compact JSON; Action.OpenUrl becomes a link button. Other actions have no Slack counterpart and are left out.
/// </summary>
internal static class BlockKitActions
{
    /// <summary>Marks data that had to be shortened to fit: only the action and identifiers were kept.</summary>
    public const string TruncatedKey = "truncated";

    public static bool IsSubmit(JsonObject action) => Type(action) is "Action.Submit" or "Action.Execute";

    public static string ActionId(JsonObject action) =>
        Text(action, "verb") ?? (action["data"] as JsonObject is { } data ? Text(data, "action") : null) ?? "submit";

    public static JsonObject Data(JsonObject action) => action["data"] as JsonObject is { } data ? (JsonObject)data.DeepClone() : [];

    /// <summary>A button, or null for an action Slack cannot show. Ids already used in the same block get a "#n" suffix.</summary>
    public static JsonObject? Button(JsonObject action, HashSet<string> usedIds)
    {
        JsonObject button;
        if (IsSubmit(action))
        {
            button = new JsonObject
            {
                ["type"] = "button",
                ["text"] = BlockKitText.Plain(Text(action, "title") ?? "Submit", BlockKitLimits.ButtonText),
                ["action_id"] = Unique(ActionId(action), usedIds),
                ["value"] = Compact(Data(action), BlockKitLimits.ButtonValue),
            };
        }
        else if (Type(action) == "Action.OpenUrl" && Text(action, "url") is { Length: <= BlockKitLimits.ButtonUrl } url)
        {
            button = new JsonObject
            {
                ["type"] = "button",
                ["text"] = BlockKitText.Plain(Text(action, "title") ?? url, BlockKitLimits.ButtonText),
                ["action_id"] = Unique(SlackInteractionReader.OpenUrlActionId, usedIds),
                ["url"] = url,
            };
        }
        else
        {
            return null;
        }

        switch (Text(action, "style"))
        {
            case "positive": button["style"] = "primary"; break;
            case "destructive": button["style"] = "danger"; break;
        }

        return button;
    }

    /// <summary>
    /// Compact JSON of <paramref name="data"/> in at most <paramref name="max"/> characters. When it does not fit,
    /// only "action" and identifiers (names ending in "id", and "period") are kept, and
    /// "truncated": true says so.
    /// </summary>
    public static string Compact(JsonObject data, int max)
    {
        var json = data.ToJsonString();
        if (json.Length <= max) return json;
        var kept = new JsonObject { [TruncatedKey] = true };
        foreach (var (name, value) in data)
        {
            var identifier = name == "action" || name.EndsWith("id", StringComparison.OrdinalIgnoreCase) || name == "period";
            if (identifier && value is JsonValue && value.ToJsonString().Length <= 200) kept[name] = value.DeepClone();
        }

        json = kept.ToJsonString();
        return json.Length <= max ? json : new JsonObject { ["action"] = data["action"]?.DeepClone(), [TruncatedKey] = true }.ToJsonString();
    }

    private static string Unique(string id, HashSet<string> usedIds)
    {
        var candidate = id;
        for (var n = 2; !usedIds.Add(candidate); n++) candidate = $"{id}#{n}";
        return candidate;
    }

    private static string? Type(JsonObject node) => Text(node, "type");

    internal static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
