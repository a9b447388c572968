using System.Globalization;
using System.Text.Json.Nodes;

namespace ComplianceBot.Channels.Slack;

/// <summary>Messages that carry metadata, and reading a conversation back with it (for interrupted reminder runs).</summary>
public sealed partial class SlackWebApiClient
{
    /// <summary>chat.postMessage with message metadata ({event_type, event_payload}), which conversations.history returns.</summary>
    public async Task<SlackMessageRef> PostMessageAsync(string channel, string text, SlackBlocks? blocks, JsonObject metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var body = new JsonObject { ["channel"] = channel, ["text"] = text, ["metadata"] = metadata.DeepClone() };
        var response = await CallWithBlocksAsync("chat.postMessage", body, blocks, idempotent: false, cancellationToken);
        return new SlackMessageRef(Required(response, "channel", "chat.postMessage"), Required(response, "ts", "chat.postMessage"));
    }

    /// <summary>The channel's messages since <paramref name="oldest"/>, newest first, with their metadata; follows the cursor up to <paramref name="maxPages"/> pages.</summary>
    public async Task<IReadOnlyList<JsonObject>> ReadHistoryAsync(string channel, DateTimeOffset oldest, int maxPages = 10, CancellationToken cancellationToken = default)
    {
        var messages = new List<JsonObject>();
        string? cursor = null;
        for (var page = 0; page < maxPages; page++)
        {
            var arguments = new List<KeyValuePair<string, string>>
            {
                new("channel", channel),
                new("oldest", (oldest.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000000", CultureInfo.InvariantCulture)),
                new("include_all_metadata", "true"),
                new("limit", "200"),
            };
            if (cursor is not null) arguments.Add(new("cursor", cursor));
            var response = await CallFormAsync("conversations.history", [.. arguments], cancellationToken);
            messages.AddRange((response["messages"] as JsonArray ?? []).OfType<JsonObject>());
            cursor = response["response_metadata"]?["next_cursor"]?.GetValue<string>();
            if (response["has_more"]?.GetValue<bool>() != true || string.IsNullOrEmpty(cursor)) break;
        }

        return messages;
    }
}
