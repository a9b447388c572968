using ComplianceBot.Core.Coverage;

namespace ComplianceBot.Host.Api;

/// <summary>The JSON shape of /api/coverage.</summary>
internal sealed record CoverageView(DateTimeOffset AsOf, IReadOnlyList<FrameworkCoverageView> Frameworks)
{
    public static CoverageView From(CoverageReport report, IReadOnlyList<CoverageChange> changes, int topGaps) => new(
        report.AsOf,
        report.Frameworks.Select(f =>
        {
            var change = changes.First(c => c.FrameworkId == f.FrameworkId);
            return new FrameworkCoverageView(
                f.FrameworkId, f.Name, f.InScope, f.Excluded, f.Covered, f.Partial, f.Gaps, f.Percent,
                change.PreviousPercent, change.Delta, change.NewlyCovered, change.Lost,
                f.Shortfalls.Take(topGaps).Select(RequirementView.From).ToList(),
                f.Requirements.Select(RequirementView.From).ToList());
        }).ToList());
}

internal sealed record FrameworkCoverageView(
    string Id,
    string Name,
    int InScope,
    int Excluded,
    int Covered,
    int Partial,
    int Gaps,
    double Percent,
    double? PreviousPercent,
    double? ChangeSinceLastWeek,
    IReadOnlyList<string> NewlyCovered,
    IReadOnlyList<string> Lost,
    IReadOnlyList<RequirementView> TopGaps,
    IReadOnlyList<RequirementView> Requirements);

internal sealed record RequirementView(
    string Id, string Title, string Group, RequirementState State, IReadOnlyList<string> Controls,
    IReadOnlyList<ShortfallView> Shortfalls, string? Justification)
{
    public static RequirementView From(RequirementCoverage r) => new(
        r.Requirement.Id, r.Requirement.Title, r.Requirement.Group, r.State, r.ControlIds,
        r.Failing.Select(f => new ShortfallView(f.ControlId, f.Name, f.State, f.Finding, ControlFindings.Describe(f.Finding), f.OwnerId, f.OwnerName)).ToList(),
        r.Justification);
}

internal sealed record ShortfallView(
    string Control, string Name, ControlState State, ControlFinding Finding, string FindingText, string? OwnerId, string? OwnerName);
