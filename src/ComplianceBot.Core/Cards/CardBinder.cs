using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplianceBot.Core.Cards;

/// <summary>
/// Binds Adaptive Card templates the way the Adaptive Cards templating language does, for the subset our cards
/// use: <c>${path}</c> (with <c>$root</c>, <c>$index</c>, dots and [n]), <c>!path</c>, <c>path == 'x'</c> and
/// <c>path != 'x'</c>; <c>$data</c> to rescope or repeat an element; <c>$when</c> to drop it. Values are placed
/// into the JSON tree, never spliced into JSON text, so user input cannot change a card's structure.
/// <para>
/// Where the surface reads a text as markdown (a TextBlock's text, a fact's title and value), a bound value can
/// be passed through <c>markdownValue</c>, so what a person typed shows as typed and never becomes a link or a
/// heading. The template's own text is left alone.
/// </para>
/// </summary>
public static class CardBinder
{
    public static JsonNode Bind(JsonNode template, JsonNode? data, Func<string, string>? markdownValue = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        var root = new Scope(data, data, null, markdownValue);
        return Expand(template, root, Slot.Other).Single() ?? throw new InvalidOperationException("The template bound to nothing.");
    }

    private sealed record Scope(JsonNode? Data, JsonNode? Root, int? Index, Func<string, string>? Markdown);

    /// <summary>Where a node sits, as far as markdown is concerned.</summary>
    private enum Slot
    {
        Other,
        Markdown,
        Facts,
        Fact,
    }

    private static List<JsonNode?> Expand(JsonNode? node, Scope scope, Slot slot)
    {
        switch (node)
        {
            case JsonObject obj:
                return ExpandObject(obj, scope, slot == Slot.Fact);
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    foreach (var expanded in Expand(item, scope, slot == Slot.Facts ? Slot.Fact : Slot.Other)) items.Add(expanded);
                }

                return [items];
            case JsonValue value when value.TryGetValue<string>(out var text):
                return [BindString(text, scope, slot == Slot.Markdown ? scope.Markdown : null)];
            default:
                return [node?.DeepClone()];
        }
    }

    private static Slot SlotOf(JsonObject obj, string name, bool isFact) => name switch
    {
        "text" when obj["type"] is JsonValue type && type.TryGetValue<string>(out var t) && t == "TextBlock" => Slot.Markdown,
        "title" or "value" when isFact => Slot.Markdown,
        "facts" => Slot.Facts,
        _ => Slot.Other,
    };

    private static List<JsonNode?> ExpandObject(JsonObject obj, Scope scope, bool isFact)
    {
        var scopes = new List<Scope> { scope };
        if (obj.TryGetPropertyValue("$data", out var dataNode))
        {
            var bound = dataNode is JsonValue v && v.TryGetValue<string>(out var expr) ? BindString(expr, scope) : dataNode?.DeepClone();
            scopes = bound is JsonArray many
                ? many.Select((item, i) => new Scope(item, scope.Root, i, scope.Markdown)).ToList()
                : [new Scope(bound, scope.Root, scope.Index, scope.Markdown)];
        }

        var results = new List<JsonNode?>();
        foreach (var itemScope in scopes)
        {
            if (obj.TryGetPropertyValue("$when", out var when) && !IsTrue(when is JsonValue w && w.TryGetValue<string>(out var condition)
                    ? BindString(condition, itemScope)
                    : when))
            {
                continue;
            }

            var result = new JsonObject();
            foreach (var (name, value) in obj)
            {
                if (name is "$data" or "$when") continue;
                result[name] = Expand(value, itemScope, SlotOf(obj, name, isFact)).Single();
            }

            results.Add(result);
        }

        return results;
    }

    private static bool IsTrue(JsonNode? value) => value switch
    {
        null => false,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length > 0 && s != "false",
        _ => true,
    };

    /// <summary>A string that is exactly one expression keeps the value's type; otherwise expressions are interpolated.</summary>
    private static JsonNode? BindString(string text, Scope scope, Func<string, string>? escape = null)
    {
        if (!text.Contains("${", StringComparison.Ordinal)) return JsonValue.Create(text);
        if (text.StartsWith("${", StringComparison.Ordinal) && text.EndsWith('}') && text.IndexOf('}', StringComparison.Ordinal) == text.Length - 1)
        {
            var (found, value) = Evaluate(text[2..^1], scope);
            if (!found) return JsonValue.Create(text);
            return escape is not null && value is JsonValue bound && bound.TryGetValue<string>(out var typed) ? JsonValue.Create(escape(typed)) : value?.DeepClone();
        }

        var builder = new StringBuilder();
        var position = 0;
        while (position < text.Length)
        {
            var start = text.IndexOf("${", position, StringComparison.Ordinal);
            var end = start < 0 ? -1 : text.IndexOf('}', start);
            if (start < 0 || end < 0)
            {
                builder.Append(text, position, text.Length - position);
                break;
            }

            builder.Append(text, position, start - position);
            var (found, value) = Evaluate(text[(start + 2)..end], scope);
            builder.Append(!found ? text[start..(end + 1)] : escape is null ? AsText(value) : escape(AsText(value)));
            position = end + 1;
        }

        return JsonValue.Create(builder.ToString());
    }

    private static string AsText(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v => v.ToJsonString(),
        _ => value.ToJsonString(),
    };

    private static (bool Found, JsonNode? Value) Evaluate(string expression, Scope scope)
    {
        expression = expression.Trim();
        foreach (var op in new[] { "==", "!=" })
        {
            var at = expression.IndexOf(op, StringComparison.Ordinal);
            if (at <= 0) continue;
            var (_, left) = Evaluate(expression[..at], scope);
            var literal = expression[(at + 2)..].Trim().Trim('\'');
            var equal = AsText(left) == literal;
            return (true, JsonValue.Create(op == "==" ? equal : !equal));
        }

        if (expression.StartsWith('!'))
        {
            var (found, value) = Evaluate(expression[1..], scope);
            return (true, JsonValue.Create(!(found && IsTrue(value))));
        }

        return Resolve(expression, scope);
    }

    private static (bool Found, JsonNode? Value) Resolve(string path, Scope scope)
    {
        JsonNode? current = scope.Data;
        var segments = path.Replace("[", ".[", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (i == 0 && segment == "$root") { current = scope.Root; continue; }
            if (i == 0 && segment == "$data") { current = scope.Data; continue; }
            if (i == 0 && segment == "$index") return (scope.Index is not null, scope.Index is { } index ? JsonValue.Create(index) : null);
            if (segment.StartsWith('[') && segment.EndsWith(']')
                && int.TryParse(segment[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                if (current is not JsonArray array || n >= array.Count) return (false, null);
                current = array[n];
                continue;
            }

            if (current is not JsonObject obj || !obj.TryGetPropertyValue(segment, out current)) return (false, null);
        }

        return (true, current);
    }

    /// <summary>Reads a template or data file's JSON the way the cards are stored.</summary>
    public static JsonNode Parse(string json) =>
        JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
        ?? throw new JsonException("Empty card JSON.");
}
