using System.Text;
using System.Text.Json.Nodes;

namespace ComplianceBot.Channels.Slack;

/// <summary>Text objects for Block Kit: mrkdwn with &amp;, &lt; and &gt; escaped, and lengths cut with "…".</summary>
internal static class BlockKitText
{
    public const string Ellipsis = "…";

    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0) return text;
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", _ => c.ToString() });
        }

        return builder.ToString();
    }

    /// <summary>At most <paramref name="max"/> characters, ending in "…" when cut; never splits a surrogate pair or an escape.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = max - Ellipsis.Length;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1])) cut--;
        if (cut <= 0) return Ellipsis;
        var amp = text.LastIndexOf('&', cut - 1, Math.Min(cut, 5));
        if (amp >= 0 && text.IndexOf(';', amp) >= cut) cut = amp;
        return text[..cut] + Ellipsis;
    }

    public static JsonObject Plain(string text, int max) => new() { ["type"] = "plain_text", ["text"] = Truncate(NonEmpty(text), max) };

    /// <summary>mrkdwn that is already escaped; verbatim so names and URLs in people's text are not turned into mentions or links.</summary>
    public static JsonObject Mrkdwn(string escaped, int max) =>
        new() { ["type"] = "mrkdwn", ["text"] = Truncate(NonEmpty(escaped), max), ["verbatim"] = true };

    /// <summary>A bold line, unless the text has its own asterisks (mrkdwn has no escape for them).</summary>
    public static string Bold(string escaped) =>
        escaped.Length == 0 || escaped.Contains('*', StringComparison.Ordinal) || escaped.Contains('\n', StringComparison.Ordinal) ? escaped : $"*{escaped}*";

    // Slack refuses empty text objects.
    private static string NonEmpty(string text) => string.IsNullOrWhiteSpace(text) ? " " : text;
}
