using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComplianceBot.Core.Chat;

namespace ComplianceBot.Channels.Teams;

/// <summary>Reads what a person did out of a Teams activity: typed text, a card action or a file.</summary>
public static partial class TeamsActivityMapper
{
    public const string FileDownloadInfo = "application/vnd.microsoft.teams.file.download.info";
    public const string AdaptiveCardAction = "adaptiveCard/action";
    public const string Search = "application/search";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pdf"] = "application/pdf", ["png"] = "image/png", ["jpg"] = "image/jpeg", ["jpeg"] = "image/jpeg",
        ["txt"] = "text/plain", ["csv"] = "text/csv", ["json"] = "application/json", ["zip"] = "application/zip",
        ["xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    };

    /// <summary>The person's input, or null when the activity carries nothing to act on.</summary>
    public static ChatInput? InputOf(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Type == ActivityTypes.Invoke && activity.Name == AdaptiveCardAction)
        {
            var action = activity.Value is { ValueKind: JsonValueKind.Object } v && v.TryGetProperty("action", out var a) ? a : default;
            if (action.ValueKind != JsonValueKind.Object) return null;
            var data = action.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object
                ? JsonNode.Parse(d.GetRawText())!.AsObject()
                : [];
            var verb = action.TryGetProperty("verb", out var vb) && vb.ValueKind == JsonValueKind.String ? vb.GetString() : null;
            return new ActionInput(verb ?? Text(data, "action") ?? "", data);
        }

        if (activity.Type == ActivityTypes.ConversationUpdate)
        {
            var botAdded = activity.MembersAdded?.Any(m => m.Id == activity.Recipient?.Id) == true;
            return botAdded ? new TextInput("hello") : null;
        }

        if (activity.Type != ActivityTypes.Message) return null;

        // Action.Submit: a message whose value is the card's data merged with its inputs.
        if (activity.Value is { ValueKind: JsonValueKind.Object } submitted)
        {
            var data = JsonNode.Parse(submitted.GetRawText())!.AsObject();
            return new ActionInput(Text(data, "action") ?? Text(data, "verb") ?? "", data);
        }

        var file = activity.Attachments?.FirstOrDefault(a => a.ContentType == FileDownloadInfo);
        if (file?.Content is { ValueKind: JsonValueKind.Object } info && info.TryGetProperty("downloadUrl", out var url) && url.ValueKind == JsonValueKind.String)
        {
            var fileType = info.TryGetProperty("fileType", out var ft) && ft.ValueKind == JsonValueKind.String ? ft.GetString() : null;
            var name = file.Name ?? "file" + (fileType is null ? "" : "." + fileType);
            var extension = fileType ?? Path.GetExtension(name).TrimStart('.');
            return new FileInput(new ChatFile(
                name, null, ContentTypes.GetValueOrDefault(extension, "application/octet-stream"), url.GetString()!));
        }

        return new TextInput(StripMentions(activity.Text ?? ""));
    }

    /// <summary>
    /// A typeahead's query out of an application/search invoke: value.dataset, value.queryText and
    /// value.queryOptions {skip, top}. Null when it names no dataset.
    /// </summary>
    public static SearchQuery? SearchOf(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value) return null;
        var dataset = value.TryGetProperty("dataset", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        if (string.IsNullOrEmpty(dataset)) return null;
        var text = value.TryGetProperty("queryText", out var q) && q.ValueKind == JsonValueKind.String ? q.GetString() : null;
        var options = value.TryGetProperty("queryOptions", out var o) && o.ValueKind == JsonValueKind.Object ? o : default;
        return new SearchQuery(dataset, text ?? "", Whole(options, "skip") ?? 0, Whole(options, "top") ?? 15);
    }

    private static int? Whole(JsonElement options, string name) =>
        options.ValueKind == JsonValueKind.Object && options.TryGetProperty(name, out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var number)
            ? number
            : null;

    // A card's data is whatever the client sent: a number or an object where a name belongs is no name.
    private static string? Text(JsonObject data, string name) =>
        data[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>Channel messages arrive as "&lt;at&gt;ComplianceBot&lt;/at&gt; status": the mention is not part of the command.</summary>
    public static string StripMentions(string text) => Mention().Replace(text, " ").Trim();

    [GeneratedRegex("<at>[^<]*</at>", RegexOptions.IgnoreCase)]
    private static partial Regex Mention();
}

/// <summary>What a typeahead asks for: the dataset the card names, the text typed so far, and the page.</summary>
public sealed record SearchQuery(string Dataset, string Text, int Skip, int Top);
