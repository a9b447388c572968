using System.Text.Json.Nodes;
using ComplianceBot.Core.Chat;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// Reminders carry their ledger ids in the message metadata, so a run that died between posting and recording
/// can read the direct-message history and see which arrived.
/// </summary>
public sealed partial class SlackChannel : IDeliveryHistory
{
    public const string DeliveryEventType = "compliancebot_delivery";

    public async Task<IReadOnlyDictionary<string, string>> FindDeliveriesAsync(
        ConversationAddress conversation, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in await client.ReadHistoryAsync(conversation.ConversationId, since, cancellationToken: cancellationToken))
        {
            if (message["metadata"] is not JsonObject metadata || metadata["event_type"]?.GetValue<string>() != DeliveryEventType) continue;
            var ts = message["ts"]?.GetValue<string>();
            if (ts is null || metadata["event_payload"]?["keys"] is not JsonArray keys) continue;
            foreach (var key in keys.OfType<JsonValue>()) found[key.GetValue<string>()] = ts;
        }

        return found;
    }

    private static JsonObject DeliveryMetadata(IReadOnlyList<string> keys) => new()
    {
        ["event_type"] = DeliveryEventType,
        ["event_payload"] = new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)JsonValue.Create(k)).ToArray()) },
    };
}
