using System.Text;

namespace ComplianceBot.Channels.Teams;

/// <summary>
/// Teams reads a TextBlock's text (and a fact's title and value) as markdown. Text a person typed is escaped
/// with CommonMark backslashes so it shows as typed: no links (<c>[text](url)</c>, <c>&lt;url&gt;</c>), no
/// emphasis, code or strike-through, and no heading, quote or list where a line begins with one. A bare URL stays
/// visible as the URL it is.
/// </summary>
public static class TeamsMarkdown
{
    // Characters that open or close inline markdown wherever they stand.
    private const string Inline = "\\`*_[]<>~|";

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 16);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (lineStart && c is ' ' or '\t')
            {
                builder.Append(c);
                continue;
            }

            if (lineStart && c is '#' or '-' or '+' or '=')
            {
                builder.Append('\\').Append(c);
            }
            else if (lineStart && char.IsAsciiDigit(c))
            {
                // "1. item" or "1) item" starts an ordered list: escape the marker after the digits.
                var end = i;
                while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
                builder.Append(text, i, end - i);
                if (end < text.Length && text[end] is '.' or ')')
                {
                    builder.Append('\\').Append(text[end]);
                    end++;
                }

                i = end - 1;
            }
            else if (Inline.Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\').Append(c);
            }
            else
            {
                builder.Append(c);
            }

            lineStart = c is '\n' or '\r';
        }

        return builder.ToString();
    }
}
