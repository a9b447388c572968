using System.Globalization;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Coverage;

/// <summary>Weekly snapshots of coverage, one per ISO week (the latest computation in a week wins).</summary>
public sealed class CoverageHistory(IComplianceStore store, CompliancePolicy policy)
{
    public static string WeekOf(DateOnly day) =>
        $"{ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue)):D4}-W{ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)):D2}";

    public async Task<CoverageSnapshot> RecordAsync(CoverageReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var snapshot = new CoverageSnapshot
        {
            Id = WeekOf(policy.Today(report.AsOf)),
            TakenAt = report.AsOf,
            Frameworks = report.Frameworks.Select(f => new FrameworkSnapshot(
                f.FrameworkId, f.InScope, f.Covered, f.Partial, f.Gaps, f.Excluded, f.Percent,
                f.Requirements.Where(r => r.State == RequirementState.Covered).Select(r => r.Requirement.Id).ToList())).ToList(),
        };
        return (await store.UpsertAsync(snapshot, cancellationToken)).Document;
    }

    public async Task<CoverageSnapshot?> FindWeekBeforeAsync(DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        var lastWeek = WeekOf(policy.Today(asOf).AddDays(-7));
        return (await store.FindAsync<CoverageSnapshot>(lastWeek, cancellationToken))?.Document;
    }

    /// <summary>What changed for each framework since <paramref name="previous"/> (null: no history yet).</summary>
    public static IReadOnlyList<CoverageChange> Compare(CoverageReport report, CoverageSnapshot? previous)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Frameworks.Select(f =>
        {
            var before = previous?.Frameworks.FirstOrDefault(p => p.FrameworkId == f.FrameworkId);
            var nowCovered = f.Requirements.Where(r => r.State == RequirementState.Covered).Select(r => r.Requirement.Id).ToHashSet();
            var wasCovered = before?.CoveredRequirementIds.ToHashSet() ?? [];
            return new CoverageChange(
                f.FrameworkId,
                f.Percent,
                before?.Percent,
                before is null ? null : Math.Round(f.Percent - before.Percent, 1),
                before is null ? [] : nowCovered.Except(wasCovered).Order(RequirementIdComparer.Instance).ToList(),
                before is null ? [] : wasCovered.Except(nowCovered).Order(RequirementIdComparer.Instance).ToList());
        }).ToList();
    }
}

public sealed record CoverageChange(
    string FrameworkId,
    double Percent,
    double? PreviousPercent,
    double? Delta,
    IReadOnlyList<string> NewlyCovered,
    IReadOnlyList<string> Lost);
