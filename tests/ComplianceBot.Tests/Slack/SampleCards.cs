using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;

namespace ComplianceBot.Tests.Slack;

/// <summary>Every card template bound to its sample data from cards/NAME.data.json.</summary>
public static class SampleCards
{
    public static TheoryData<string> Names() => new(CardLibrary.Names);

    public static JsonObject Data(string name) =>
        CardBinder.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "cards", $"{name}.data.json"))).AsObject();

    public static JsonObject Card(string name) => CardLibrary.Render(new CardView(name, Data(name)));

    /// <summary>Every element of a card (body, columns, containers, action sets) in document order.</summary>
    public static IEnumerable<JsonObject> Elements(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                foreach (var element in Elements(item)) yield return element;
            }
        }
        else if (node is JsonObject obj)
        {
            if (obj["type"] is not null) yield return obj;
            foreach (var key in new[] { "body", "items", "columns", "actions" })
            {
                foreach (var element in Elements(obj[key])) yield return element;
            }
        }
    }
}
