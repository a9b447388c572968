using System.Text.Json.Nodes;

namespace ComplianceBot.Core.Cards;

/// <summary>Puts a server-side error right under the input it is about, as a client-side check would show it.</summary>
internal static class FieldErrors
{
    /// <summary>The ids of the inputs a template has, wherever they are nested.</summary>
    public static HashSet<string> InputIds(JsonNode template)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        Walk(template, (_, _, input) => { if (input["id"]?.GetValue<string>() is { } id) ids.Add(id); });
        return ids;
    }

    public static void PlaceBeside(JsonObject card, IReadOnlyDictionary<string, string> messages)
    {
        if (messages.Count == 0) return;
        var placements = new List<(JsonArray Items, int Index, string Message)>();
        Walk(card, (items, index, input) =>
        {
            if (input["id"]?.GetValue<string>() is { } id && messages.TryGetValue(id, out var message)) placements.Add((items, index, message));
        });

        // From the last, so earlier indexes stay valid.
        foreach (var (items, index, message) in placements.OrderByDescending(p => p.Index))
        {
            items.Insert(index + 1, new JsonObject
            {
                ["type"] = "TextBlock", ["text"] = message, ["color"] = "Attention", ["spacing"] = "None", ["size"] = "Small", ["wrap"] = true,
            });
        }
    }

    private static void Walk(JsonNode? node, Action<JsonArray, int, JsonObject> onInput)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject { } item && item["type"] is JsonValue type && type.TryGetValue<string>(out var kind) && kind.StartsWith("Input.", StringComparison.Ordinal))
                        onInput(array, i, item);
                    Walk(array[i], onInput);
                }

                break;
            case JsonObject obj:
                foreach (var (_, child) in obj.ToList()) Walk(child, onInput);
                break;
        }
    }
}
