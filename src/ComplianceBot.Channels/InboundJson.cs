using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace ComplianceBot.Channels;

/// <summary>
/// The JSON a chat platform may send us, checked before anything reads it: valid UTF-8, one well-formed value,
/// nested at most <see cref="MaxDepth"/> deep, no property named twice in one object, and no string that
/// decodes to a lone surrogate. What passes can be read with any JSON API without throwing on the text itself.
/// </summary>
public static class InboundJson
{
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = MaxDepth };

    /// <returns>Null when the text is acceptable; otherwise why not, for the log (never echoed to the caller).</returns>
    public static string? Problem(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8)) return "the body is not valid UTF-8";
        if (utf8.IsEmpty) return "the body is empty";
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
        var objects = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        objects.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        objects.Push(null);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        objects.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        // GetString also throws on a name that decodes to a lone surrogate.
                        if (!objects.Peek()!.Add(reader.GetString()!)) return "a property appears twice in one object";
                        break;
                    case JsonTokenType.String when reader.ValueIsEscaped:
                        _ = reader.GetString();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return "the body is not well-formed JSON (or nests too deep)";
        }
        catch (InvalidOperationException)
        {
            return "a string holds a lone surrogate";
        }

        return null;
    }

    /// <inheritdoc cref="Problem(ReadOnlySpan{byte})"/>
    public static string? Problem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsWellFormedUtf16(text)) return "the text holds a lone surrogate";
        return Problem(System.Text.Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The object in <paramref name="text"/> when it passes the checks; null for anything else.</summary>
    public static JsonObject? ParseObject(string? text)
    {
        if (string.IsNullOrEmpty(text) || Problem(text) is not null) return null;
        return JsonNode.Parse(text, documentOptions: Strict) as JsonObject;
    }

    /// <summary>The object in <paramref name="utf8"/> when it passes the checks; null for anything else.</summary>
    public static JsonObject? ParseObject(ReadOnlySpan<byte> utf8) =>
        Problem(utf8) is null ? JsonNode.Parse(utf8, documentOptions: Strict) as JsonObject : null;

    /// <summary>No unpaired surrogate: the text can be encoded as UTF-8 and back unchanged.</summary>
    public static bool IsWellFormedUtf16(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return false;
        }

        return true;
    }
}
