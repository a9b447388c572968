using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace ComplianceBot.Core.Cards;

/// <summary>The card templates from cards/, embedded in this assembly and parsed once.</summary>
public static class CardLibrary
{
    private static readonly ConcurrentDictionary<string, JsonNode> Templates = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> Names { get; } = typeof(CardLibrary).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith("Cards.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n["Cards.".Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    public static JsonNode Template(string name) => Templates.GetOrAdd(name, Load).DeepClone();

    /// <summary>The template bound to <paramref name="view"/>'s data: a ready Adaptive Card.</summary>
    /// <param name="markdownValue">
    /// For surfaces that read TextBlocks and facts as markdown: makes a bound value show literally (see
    /// <see cref="CardBinder"/>). Null where the card is translated instead (Slack escapes in its own way).
    /// </param>
    public static JsonObject Render(CardView view, Func<string, string>? markdownValue = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        var template = Templates.GetOrAdd(view.Template, Load);
        if (view.Data["errors"] is not JsonArray { Count: > 0 } errors) return (JsonObject)CardBinder.Bind(template, view.Data, markdownValue);

        // Errors about a field the card has go beside that field; the banner at the top keeps only the others.
        var inputs = FieldErrors.InputIds(template);
        var beside = errors.OfType<JsonObject>().Where(e => e["field"]?.GetValue<string>() is { } f && inputs.Contains(f)).ToList();
        var data = view.Data;
        if (beside.Count > 0)
        {
            data = (JsonObject)view.Data.DeepClone();
            var rest = new JsonArray(errors.OfType<JsonObject>().Except(beside).Select(e => e.DeepClone()).ToArray());
            data["hasErrors"] = rest.Count > 0;
            data["errors"] = rest;
        }

        var card = (JsonObject)CardBinder.Bind(template, data, markdownValue);
        FieldErrors.PlaceBeside(card, beside.ToDictionary(e => e["field"]!.GetValue<string>(), e => e["message"]?.GetValue<string>() ?? "", StringComparer.Ordinal));
        return card;
    }

    private static JsonNode Load(string name)
    {
        using var stream = typeof(CardLibrary).Assembly.GetManifestResourceStream($"Cards.{name}.json")
            ?? throw new ArgumentException($"There is no card template '{name}'.", nameof(name));
        using var reader = new StreamReader(stream);
        return CardBinder.Parse(reader.ReadToEnd());
    }
}

/// <summary>A card to show: which template, with what data.</summary>
public sealed record CardView(string Template, JsonObject Data);
