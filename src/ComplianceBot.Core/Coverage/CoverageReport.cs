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
    string? Justification)
{
    /// <summary>Who can close the gap: the owners of its failing controls, and how many have none ("Alex Wilber; 1 control without an owner").</summary>
    public string DescribeOwners()
    {
        var named = Failing.Select(s => s.OwnerName ?? s.OwnerId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var unowned = Failing.Count(s => s.OwnerId is null);
        var parts = named.Count > 0 ? string.Join(", ", named) : "";
        var missing = unowned == 0 ? "" : $"{unowned} {(unowned == 1 ? "control" : "controls")} without an owner";
        return (parts, missing) switch
        {
            ("", "") => ControlIds.Count == 0 ? "no control mapped" : "",
            ("", _) => missing,
            (_, "") => parts,
            _ => $"{parts}; {missing}",
        };
    }
}

/// <summary>How coverage moved between two computations, in words for a card.</summary>
public static class CoverageProgress
{
    /// <summary>
    /// Per framework: the percentage before and after, or, when it did not move, the requirements that moved closer
    /// (a gap that became partial still counts for the person whose evidence did it).
    /// </summary>
    public static string Describe(CoverageReport before, CoverageReport after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return string.Join(" · ", after.Frameworks.Select(f =>
        {
            var earlier = before.For(f.FrameworkId);
            if (earlier is null || earlier.Percent != f.Percent) return $"{f.Name} {earlier?.Percent ?? 0}% → {f.Percent}%";
            var states = earlier.Requirements.ToDictionary(r => r.Requirement.Id, r => r.State, StringComparer.Ordinal);
            var closer = f.Requirements
                .Where(r => states.TryGetValue(r.Requirement.Id, out var was) && Rank(r.State) > Rank(was))
                .Select(r => $"{r.Requirement.Id} {Word(states[r.Requirement.Id])} → {Word(r.State)}")
                .ToList();
            return closer.Count == 0
                ? $"{f.Name} {f.Percent}% (unchanged)"
                : $"{f.Name} still {f.Percent}%, closer on {string.Join(", ", closer.Take(5))}{(closer.Count > 5 ? $" and {closer.Count - 5} more" : "")}";
        }));
    }

    private static int Rank(RequirementState state) => state switch
    {
        RequirementState.Gap => 0,
        RequirementState.Partial => 1,
        _ => 2,
    };

    private static string Word(RequirementState state) => state switch
    {
        RequirementState.Gap => "gap",
        RequirementState.Partial => "partial",
        RequirementState.Covered => "covered",
        _ => "excluded",
    };
}
