using ComplianceBot.Core.Coverage;

namespace ComplianceBot.Host.Api;

/// <summary>The JSON shape of /api/coverage?view=design|operating.</summary>
internal sealed record ReadinessReportView(
    ReadinessView View,
    DateOnly From,
    DateOnly To,
    DateTimeOffset AsOf,
    IReadOnlyList<FrameworkReadinessView> Frameworks,
    IReadOnlyList<ControlDesign>? Design,
    IReadOnlyList<ControlHistory>? Operating)
{
    public static ReadinessReportView Of(ReadinessReport report, int top) => new(
        report.View,
        report.From,
        report.To,
        report.AsOf,
        report.Frameworks.Select(f => new FrameworkReadinessView(
            f.FrameworkId, f.Name, f.InScope, f.Excluded, f.Ready, f.Percent,
            f.NotReady.Take(top).Select(RequirementReadinessView.From).ToList(),
            f.Requirements.Select(RequirementReadinessView.From).ToList())).ToList(),
        report.View == ReadinessView.Design ? report.Design : null,
        report.View == ReadinessView.Operating ? report.Operating : null);
}

internal sealed record FrameworkReadinessView(
    string Id,
    string Name,
    int InScope,
    int Excluded,
    int Ready,
    double Percent,
    IReadOnlyList<RequirementReadinessView> TopGaps,
    IReadOnlyList<RequirementReadinessView> Requirements);

internal sealed record RequirementReadinessView(
    string Id, string Title, string Group, bool Ready, bool Excluded, IReadOnlyList<string> Controls, IReadOnlyList<ReadinessGap> Gaps, string? Note)
{
    public static RequirementReadinessView From(RequirementReadiness r) => new(
        r.Requirement.Id, r.Requirement.Title, r.Requirement.Group, r.Ready, r.Excluded, r.ControlIds, r.Gaps, r.Note);
}
