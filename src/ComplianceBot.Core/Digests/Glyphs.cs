namespace ComplianceBot.Core.Digests;

/// <summary>A 3×5 pixel font, drawn at twice its size, for the chart's axis figures and legend labels.</summary>
internal static class Glyphs
{
    private const int Scale = 2;

    // Each glyph is five rows of three bits, the top row first.
    private static readonly Dictionary<char, int[]> Font = new()
    {
        ['0'] = [7, 5, 5, 5, 7], ['1'] = [2, 6, 2, 2, 7], ['2'] = [7, 1, 7, 4, 7], ['3'] = [7, 1, 7, 1, 7], ['4'] = [5, 5, 7, 1, 1],
        ['5'] = [7, 4, 7, 1, 7], ['6'] = [7, 4, 7, 5, 7], ['7'] = [7, 1, 1, 1, 1], ['8'] = [7, 5, 7, 5, 7], ['9'] = [7, 5, 7, 1, 7],
        ['I'] = [7, 2, 2, 2, 7], ['S'] = [7, 4, 7, 1, 7], ['O'] = [7, 5, 5, 5, 7], ['C'] = [7, 4, 4, 4, 7], ['%'] = [5, 1, 2, 4, 5],
        [' '] = [0, 0, 0, 0, 0],
    };

    /// <returns>The x just past the drawn text.</returns>
    public static int Draw(CoverageChart.Canvas canvas, string text, int x, int y, (byte, byte, byte) colour, bool alignRight)
    {
        var advance = 4 * Scale;
        var start = alignRight ? x - (text.Length * advance) : x;
        for (var i = 0; i < text.Length; i++)
        {
            if (!Font.TryGetValue(char.ToUpperInvariant(text[i]), out var rows)) continue;
            for (var row = 0; row < 5; row++)
            {
                for (var col = 0; col < 3; col++)
                {
                    if ((rows[row] & (4 >> col)) != 0) canvas.Fill(start + (i * advance) + (col * Scale), y + (row * Scale), Scale, Scale, colour);
                }
            }
        }

        return start + (text.Length * advance);
    }
}
