using System.Globalization;
using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Frameworks;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ComplianceBot.Host.Charts;

/// <summary>
/// The digest's coverage-trend chart, drawn with ScottPlot: percent covered (0–100) up, the trend's weeks across
/// (ISO week and its Monday), one anti-aliased line per framework with a marker per weekly figure, and a legend.
/// Weeks without a snapshot break the line. Sized for a chat card, where it is shown stretched to the card's width.
/// </summary>
internal sealed class CoverageTrendChart : ICoverageChart
{
    public const int Width = 720;
    public const int Height = 360;

    public static readonly Color IsoColour = Color.FromHex("#2563EB");
    public static readonly Color Soc2Colour = Color.FromHex("#EA580C");
    public static readonly Color Background = Colors.White;

    private static readonly Color Ink = Color.FromHex("#374151");
    private static readonly Color Grid = Color.FromHex("#E5E7EB");
    private const float LineWidth = 2.5f;
    private const float MarkerSize = 7;

    public byte[] Render(CoverageTrend trend)
    {
        using var plot = Draw(trend);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The chart as a ScottPlot plot, before it is rendered.</summary>
    internal static Plot Draw(CoverageTrend trend)
    {
        ArgumentNullException.ThrowIfNull(trend);
        var plot = new Plot();
        plot.Font.Set(ChartFont.Name);
        plot.FigureBackground.Color = Background;
        plot.DataBackground.Color = Background;
        plot.Grid.MajorLineColor = Grid;
        plot.Axes.Color(Ink);

        var weeks = trend.Weeks;
        plot.Title(weeks.Count == 0 ? "Coverage trend" : $"Coverage trend, {weeks[0].Week} to {weeks[^1].Week}", size: 15);
        plot.YLabel("Requirements covered (%)", size: 13);
        plot.XLabel("Week (starting Monday)", size: 13);
        plot.Axes.Left.TickGenerator = new NumericManual([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100"]);
        plot.Axes.Bottom.TickGenerator = new NumericManual(
            [.. Enumerable.Range(0, weeks.Count).Select(i => (double)i)],
            [.. weeks.Select(w => string.Create(CultureInfo.InvariantCulture, $"W{w.Week[^2..]}\n{w.StartsOn:d MMM}"))]);
        plot.Axes.SetLimits(-0.4, Math.Max(weeks.Count, 1) - 0.6, -3, 103);

        foreach (var line in trend.Lines)
        {
            AddLine(plot, line, ColourOf(line.FrameworkId), weeks.Count);
        }

        plot.Legend.SetBestFontOnEachRender = false;
        plot.Legend.FontName = ChartFont.Name;
        plot.Legend.FontSize = 13;
        plot.Legend.FontColor = Ink;
        plot.Legend.OutlineWidth = 0;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.ShowLegend(Edge.Top);
        return plot;
    }

    /// <summary>One scatter per unbroken run of weekly figures, and the framework's key in the legend.</summary>
    private static void AddLine(Plot plot, TrendLine line, Color colour, int weeks)
    {
        var count = Math.Min(weeks, line.Percents.Count);
        for (var start = 0; start < count;)
        {
            var end = start;
            while (end < count && line.Percents[end] is not null) end++;
            if (end > start)
            {
                var xs = Enumerable.Range(start, end - start).Select(i => (double)i).ToArray();
                var ys = xs.Select(x => Math.Clamp(line.Percents[(int)x]!.Value, 0, 100)).ToArray();
                var scatter = plot.Add.Scatter(xs, ys, colour);
                scatter.LineWidth = LineWidth;
                scatter.MarkerSize = MarkerSize;
            }

            start = end + 1;
        }

        // Keys are listed by hand so a framework without any figure yet is still named.
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = line.Name, LineColor = colour, LineWidth = LineWidth, MarkerColor = colour, MarkerShape = MarkerShape.FilledCircle, MarkerSize = MarkerSize,
        });
    }

    private static Color ColourOf(string frameworkId) => frameworkId == FrameworkIds.Iso27001 ? IsoColour : Soc2Colour;
}
