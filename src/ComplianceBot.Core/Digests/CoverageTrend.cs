namespace ComplianceBot.Core.Digests;

/// <summary>
/// The figures behind the digest's chart: the weeks across, oldest first and ending with the digest's own week,
/// and one line per chosen framework.
/// </summary>
public sealed record CoverageTrend(IReadOnlyList<TrendWeek> Weeks, IReadOnlyList<TrendLine> Lines);

/// <summary>An ISO week of the trend (e.g. 2026-W47) and the Monday it starts on.</summary>
public sealed record TrendWeek(string Week, DateOnly StartsOn);

/// <summary>
/// One framework's coverage percent (0–100) for each week of the trend, from that week's coverage snapshot; null
/// where no snapshot was taken. The last figure is the digest's own computation.
/// </summary>
public sealed record TrendLine(string FrameworkId, string Name, IReadOnlyList<double?> Percents);
