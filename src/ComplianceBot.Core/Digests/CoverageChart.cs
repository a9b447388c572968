namespace ComplianceBot.Core.Digests;

/// <summary>One framework's line: its short label, colour and coverage percent per week (null: no figure that week).</summary>
public sealed record ChartSeries(string Label, (byte R, byte G, byte B) Colour, IReadOnlyList<double?> Percents);

/// <summary>
/// The coverage-trend chart of the digest: percent (0–100) up, weeks across, one line per framework, a legend of
/// coloured keys with short labels. Drawn pixel by pixel and written with <see cref="PngEncoder"/>.
/// </summary>
public static class CoverageChart
{
    public const int Width = 640;
    public const int Height = 280;

    public static readonly (byte R, byte G, byte B) IsoColour = (0x25, 0x63, 0xEB);
    public static readonly (byte R, byte G, byte B) Soc2Colour = (0xEA, 0x58, 0x0C);

    private const int Left = 48;
    private const int Right = Width - 16;
    private const int Top = 36;
    private const int Bottom = Height - 24;

    private static readonly (byte, byte, byte) Axis = (0x55, 0x55, 0x55);
    private static readonly (byte, byte, byte) Grid = (0xE2, 0xE2, 0xE2);

    public static byte[] Render(int weeks, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var canvas = new Canvas(Width, Height);
        for (var percent = 0; percent <= 100; percent += 25)
        {
            var y = YOf(percent);
            canvas.Line(Left, y, Right, y, percent == 0 ? Axis : Grid, 1);
            Glyphs.Draw(canvas, percent.ToString(System.Globalization.CultureInfo.InvariantCulture), Left - 8, y - 5, Axis, alignRight: true);
        }

        canvas.Line(Left, Top, Left, Bottom, Axis, 1);
        for (var week = 0; week < weeks; week++) canvas.Line(XOf(week, weeks), Bottom, XOf(week, weeks), Bottom + 4, Axis, 1);

        var legendX = Left;
        foreach (var line in series)
        {
            canvas.Fill(legendX, 12, 14, 10, line.Colour);
            legendX = Glyphs.Draw(canvas, line.Label, legendX + 20, 12, Axis, alignRight: false) + 20;

            (int X, int Y)? previous = null;
            for (var week = 0; week < Math.Min(weeks, line.Percents.Count); week++)
            {
                if (line.Percents[week] is not { } percent)
                {
                    previous = null;
                    continue;
                }

                var point = (XOf(week, weeks), YOf(Math.Clamp(percent, 0, 100)));
                if (previous is { } from) canvas.Line(from.X, from.Y, point.Item1, point.Item2, line.Colour, 3);
                canvas.Fill(point.Item1 - 3, point.Item2 - 3, 7, 7, line.Colour);
                previous = point;
            }
        }

        return PngEncoder.Encode(Width, Height, canvas.Pixels);
    }

    private static int XOf(int week, int weeks) => weeks <= 1 ? (Left + Right) / 2 : Left + 12 + (int)Math.Round((double)week * (Right - Left - 24) / (weeks - 1));

    private static int YOf(double percent) => Bottom - (int)Math.Round(percent * (Bottom - Top) / 100);

    /// <summary>An RGB raster, white to start.</summary>
    internal sealed class Canvas
    {
        public Canvas(int width, int height)
        {
            W = width;
            H = height;
            Pixels = new byte[width * height * 3];
            Array.Fill(Pixels, (byte)0xFF);
        }

        public int W { get; }

        public int H { get; }

        public byte[] Pixels { get; }

        public void Set(int x, int y, (byte R, byte G, byte B) c)
        {
            if (x < 0 || y < 0 || x >= W || y >= H) return;
            var i = ((y * W) + x) * 3;
            Pixels[i] = c.R;
            Pixels[i + 1] = c.G;
            Pixels[i + 2] = c.B;
        }

        public void Fill(int x, int y, int width, int height, (byte, byte, byte) c)
        {
            for (var dy = 0; dy < height; dy++)
            {
                for (var dx = 0; dx < width; dx++) Set(x + dx, y + dy, c);
            }
        }

        /// <summary>Bresenham's line, each step stamped as a square <paramref name="thickness"/> wide.</summary>
        public void Line(int x0, int y0, int x1, int y1, (byte, byte, byte) c, int thickness)
        {
            int dx = Math.Abs(x1 - x0), sx = x0 < x1 ? 1 : -1, dy = -Math.Abs(y1 - y0), sy = y0 < y1 ? 1 : -1, err = dx + dy;
            var half = thickness / 2;
            while (true)
            {
                Fill(x0 - half, y0 - half, thickness, thickness, c);
                if (x0 == x1 && y0 == y1) return;
                var e2 = 2 * err;
                if (e2 >= dy) { err += dy; x0 += sx; }
                if (e2 <= dx) { err += dx; y0 += sy; }
            }
        }
    }
}
