namespace ComplianceBot.Core.Digests;

/// <summary>
/// Draws the digest's coverage-trend chart. The drawing lives outside Core, with the rendering library; Core
/// only decides which figures go on it.
/// </summary>
public interface ICoverageChart
{
    /// <summary>
    /// A PNG of <paramref name="trend"/>, sized for a chat card. It depends on the trend alone (never on the clock),
    /// and any trend can be drawn: weeks without a figure leave a gap in the line.
    /// </summary>
    byte[] Render(CoverageTrend trend);
}
