using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// A message's blocks as a Web API call sends them: either a tree being built, or JSON written once and shared by
/// every call that sends the same card (it is never changed, so concurrent calls can write it out side by side).
/// </summary>
public sealed class SlackBlocks
{
    private readonly JsonArray? tree;
    private readonly byte[]? json;

    private SlackBlocks(JsonArray? tree, byte[]? json) => (this.tree, this.json) = (tree, json);

    /// <summary>Blocks written to JSON now, to be sent as they are any number of times.</summary>
    public static SlackBlocks Written(JsonArray blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        return new(null, JsonSerializer.SerializeToUtf8Bytes(blocks));
    }

    public static SlackBlocks? FromJsonArray(JsonArray? blocks) => blocks is null ? null : new(blocks, null);

    public static implicit operator SlackBlocks?(JsonArray? blocks) => FromJsonArray(blocks);

    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (json is not null) writer.WriteRawValue(json, skipInputValidation: true);
        else tree!.WriteTo(writer);
    }
}
