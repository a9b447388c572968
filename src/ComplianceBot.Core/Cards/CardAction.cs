using System.Text.Json.Nodes;

namespace ComplianceBot.Core.Cards;

/// <summary>A button on a card template that sends something back (Action.Execute or Action.Submit) and the ids it names.</summary>
/// <param name="DataAction">The data's "action" field, which Action.Submit carries (it has no verb).</param>
public sealed record CardAction(string Card, string Type, string? Verb, string? DataAction)
{
    /// <summary>The action id a click sends: the verb, else data.action, as Teams and the Slack translation read it.</summary>
    public string? Id => Verb ?? DataAction;

    /// <summary>Every submitting action on the named template, however deeply nested (containers, show-cards, $data lists).</summary>
    public static IEnumerable<CardAction> In(string card)
    {
        var pending = new Stack<JsonNode?>([CardLibrary.Template(card)]);
        while (pending.TryPop(out var node))
        {
            if (node is JsonObject obj)
            {
                if (Text(obj, "type") is { } type && type is "Action.Execute" or "Action.Submit")
                    yield return new CardAction(card, type, Text(obj, "verb"), obj["data"] is JsonObject data ? Text(data, "action") : null);
                foreach (var (_, child) in obj) pending.Push(child);
            }
            else if (node is JsonArray array)
            {
                foreach (var child in array) pending.Push(child);
            }
        }
    }

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
