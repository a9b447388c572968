using System.Buffers.Binary;
using System.Text;
using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Host.Charts;
using SkiaSharp;

namespace ComplianceBot.IntegrationTests.Charts;

/// <summary>
/// The digest's chart as ScottPlot draws it with the shipped font: checked pixel by pixel, and kept as
/// artifacts/digest/coverage-trend.png for people to look at.
/// </summary>
public sealed class CoverageTrendChartTests
{
    private readonly CoverageTrendChart chart = new();

    /// <summary>Eight weeks to Friday 20 November 2026 (2026-W47); no snapshot was taken in 2026-W43.</summary>
    private static CoverageTrend EightWeeks(params string[] frameworks)
    {
        var weeks = Enumerable.Range(0, 8).Select(i => new TrendWeek($"2026-W{40 + i}", new DateOnly(2026, 9, 28).AddDays(7 * i))).ToList();
        var lines = new List<TrendLine>();
        if (frameworks.Contains(FrameworkIds.Iso27001)) lines.Add(new(FrameworkIds.Iso27001, "ISO 27001", [41.9, 44.1, 47.3, null, 55.9, 61.3, 64.5, 68.8]));
        if (frameworks.Contains(FrameworkIds.Soc2)) lines.Add(new(FrameworkIds.Soc2, "SOC 2", [72.7, 72.7, 75.8, null, 78.8, 84.8, 84.8, 90.9]));
        return new CoverageTrend(weeks, lines);
    }

    [Fact]
    public void Chart_is_a_valid_png_of_the_card_size_and_is_kept_as_an_artifact()
    {
        var png = chart.Render(EightWeeks(FrameworkIds.Iso27001, FrameworkIds.Soc2));

        AssertValidPng(png, CoverageTrendChart.Width, CoverageTrendChart.Height);
        var outDir = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "artifacts", "digest")).FullName;
        File.WriteAllBytes(Path.Combine(outDir, "coverage-trend.png"), png);
    }

    [Fact]
    public void Chart_is_not_blank()
    {
        using var bitmap = Decode(chart.Render(EightWeeks(FrameworkIds.Iso27001, FrameworkIds.Soc2)));

        var drawn = Pixels(bitmap, 0, 0, bitmap.Width, bitmap.Height).Count(p => p != Background);
        Assert.InRange(drawn, bitmap.Width * bitmap.Height / 50, bitmap.Width * bitmap.Height / 2);
    }

    [Fact]
    public void Every_text_of_the_chart_is_set_in_the_shipped_font()
    {
        using var plot = CoverageTrendChart.Draw(EightWeeks(FrameworkIds.Iso27001, FrameworkIds.Soc2));

        Assert.All(
            new[] { plot.Axes.Title.Label, plot.Axes.Left.Label, plot.Axes.Bottom.Label, plot.Axes.Left.TickLabelStyle, plot.Axes.Bottom.TickLabelStyle },
            label => Assert.Equal(ChartFont.Family, label.FontName));
        Assert.Equal(ChartFont.Family, plot.Legend.FontName);
        Assert.False(plot.Legend.SetBestFontOnEachRender);

        // Whatever the style asked for, ScottPlot resolves the family to the typeface read from the shipped file.
        Assert.Equal("DejaVu Sans", ChartFont.Typeface.FamilyName);
        foreach (var (bold, italic) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            Assert.Same(ChartFont.Typeface, ScottPlot.Fonts.GetTypeface(ChartFont.Family, bold, italic));
        }
    }

    [Fact]
    public void Chart_draws_its_title_and_axis_labels()
    {
        using var bitmap = Decode(chart.Render(EightWeeks(FrameworkIds.Iso27001, FrameworkIds.Soc2)));
        int w = bitmap.Width, h = bitmap.Height;

        // Where only text goes: the title's band across the top, the y label's band down the left edge, the x
        // label's band along the bottom. Text is dark grey ink, anti-aliased, so it shows as many dark pixels.
        Assert.True(DarkPixels(bitmap, w / 4, 0, w / 2, 22) > 60, "no title drawn");
        Assert.True(DarkPixels(bitmap, 0, h / 4, 22, h / 2) > 60, "no y-axis label drawn");
        Assert.True(DarkPixels(bitmap, w / 4, h - 20, w / 2, 20) > 60, "no x-axis label drawn");
    }

    [Fact]
    public void Chart_draws_each_framework_in_its_own_colour()
    {
        using var both = Decode(chart.Render(EightWeeks(FrameworkIds.Iso27001, FrameworkIds.Soc2)));
        Assert.True(PixelsNear(both, CoverageTrendChart.IsoColour) > 200, "no ISO 27001 line");
        Assert.True(PixelsNear(both, CoverageTrendChart.Soc2Colour) > 200, "no SOC 2 line");

        using var socOnly = Decode(chart.Render(EightWeeks(FrameworkIds.Soc2)));
        Assert.True(PixelsNear(socOnly, CoverageTrendChart.Soc2Colour) > 200, "no SOC 2 line");
        Assert.Equal(0, PixelsNear(socOnly, CoverageTrendChart.IsoColour));
    }

    [Fact]
    public void Lines_are_anti_aliased()
    {
        using var bitmap = Decode(chart.Render(EightWeeks(FrameworkIds.Iso27001)));

        // A smooth line's edges blend its colour into the white background: many distinct blue tints, not one.
        var tints = Pixels(bitmap, 0, 0, bitmap.Width, bitmap.Height)
            .Where(p => p.Blue > p.Red + 20 && p.Blue > p.Green + 10 && p != CoverageTrendChart.IsoColour.ToSKColor())
            .Distinct().Count();
        Assert.True(tints > 20, $"only {tints} tints of the line's colour");
    }

    [Fact]
    public void A_framework_without_figures_still_gets_its_key_and_the_chart_its_axes()
    {
        var trend = EightWeeks() with { Lines = [new TrendLine(FrameworkIds.Iso27001, "ISO 27001", [null, null, null, null, null, null, null, null])] };
        var png = chart.Render(trend);

        AssertValidPng(png, CoverageTrendChart.Width, CoverageTrendChart.Height);
        using var bitmap = Decode(png);
        Assert.InRange(PixelsNear(bitmap, CoverageTrendChart.IsoColour), 1, 400);
    }

    [Fact]
    public void Chart_depends_on_the_trend_alone()
    {
        var trend = EightWeeks(FrameworkIds.Iso27001, FrameworkIds.Soc2);

        Assert.Equal(chart.Render(trend), chart.Render(trend));
        Assert.NotEqual(chart.Render(trend), chart.Render(EightWeeks(FrameworkIds.Soc2)));
    }

    private static readonly SKColor Background = CoverageTrendChart.Background.ToSKColor();

    private static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new InvalidOperationException("not a decodable PNG");

    private static IEnumerable<SKColor> Pixels(SKBitmap bitmap, int x, int y, int width, int height)
    {
        for (var row = y; row < y + height; row++)
        {
            for (var column = x; column < x + width; column++) yield return bitmap.GetPixel(column, row);
        }
    }

    private static int DarkPixels(SKBitmap bitmap, int x, int y, int width, int height) =>
        Pixels(bitmap, x, y, width, height).Count(p => p.Red + p.Green + p.Blue < 3 * 160);

    private static int PixelsNear(SKBitmap bitmap, ScottPlot.Color colour) =>
        Pixels(bitmap, 0, 0, bitmap.Width, bitmap.Height)
            .Count(p => Math.Abs(p.Red - colour.R) + Math.Abs(p.Green - colour.G) + Math.Abs(p.Blue - colour.B) < 24);

    /// <summary>Signature, IHDR first with the size and 8 bits per channel, every chunk's CRC right, IEND last.</summary>
    private static void AssertValidPng(byte[] png, int width, int height)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var types = new List<string>();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var typeAndData = png.AsSpan(at + 4, 4 + length);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)), BitwiseCrc32(typeAndData));
            types.Add(Encoding.ASCII.GetString(typeAndData[..4]));
            if (types.Count == 1)
            {
                Assert.Equal(13, length);
                Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at + 8)));
                Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at + 12)));
                Assert.Equal(8, png[at + 16]);
            }

            at += 12 + length;
        }

        Assert.Equal("IHDR", types[0]);
        Assert.Contains("IDAT", types);
        Assert.Equal("IEND", types[^1]);
    }

    /// <summary>CRC-32 computed bit by bit, independently of the encoder's table.</summary>
    private static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }

        return ~crc;
    }
}
