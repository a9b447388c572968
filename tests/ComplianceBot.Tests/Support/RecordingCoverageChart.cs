using System.Text;
using System.Text.Json;
using ComplianceBot.Core.Digests;

namespace ComplianceBot.Tests.Support;

/// <summary>
/// The chart seam without the rendering library (the host's ScottPlot chart is tested with the host): keeps each
/// trend it is asked to draw and answers with the trend as JSON bytes, so a test can follow it into the card.
/// </summary>
public sealed class RecordingCoverageChart : ICoverageChart
{
    private readonly List<CoverageTrend> drawn = [];

    public IReadOnlyList<CoverageTrend> Drawn
    {
        get
        {
            lock (drawn) return [.. drawn];
        }
    }

    public byte[] Render(CoverageTrend trend)
    {
        lock (drawn) drawn.Add(trend);
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(trend));
    }
}
