using ComplianceBot.Core.Frameworks;

namespace ComplianceBot.Core.Coverage;

public sealed record CoverageReport(
    DateTimeOffset AsOf,
    IReadOnlyList<FrameworkCoverage> Frameworks,
    IReadOnlyList<ControlStatus> Controls)
{
    public FrameworkCoverage? For(string frameworkId) =>
        Frameworks.FirstOrDefault(f => string.Equals(f.FrameworkId, frameworkId, StringComparison.OrdinalIgnoreCase));
}

/// <param name="InScope">Requirements in scope, including those marked not applicable.</param>
/// <param name="Percent">Covered as a share of the applicable requirements (in scope less excluded).</param>
public sealed record FrameworkCoverage(
    string FrameworkId,
    string Name,
    int InScope,
    int Excluded,
    int Covered,
    int Partial,
    int Gaps,
    double Percent,
    IReadOnlyList<RequirementCoverage> Requirements)
{
    /// <summary>Gaps first, then partials; within each, the requirement with the most failing controls first.</summary>
    public IEnumerable<RequirementCoverage> Shortfalls => Requirements
        .Where(r => r.State is RequirementState.Gap or RequirementState.Partial)
        .OrderBy(r => r.State == RequirementState.Gap ? 0 : 1)
        .ThenByDescending(r => r.Failing.Count)
        .ThenBy(r => r.Requirement.Id, RequirementIdComparer.Instance);
}

/// <param name="Failing">The mapped controls that are not effective, with their owners.</param>
public sealed record RequirementCoverage(
    Requirement Requirement,
    RequirementState State,
    IReadOnlyList<string> ControlIds,
    IReadOnlyList<ControlStatus> Failing,
    string? Justification);
