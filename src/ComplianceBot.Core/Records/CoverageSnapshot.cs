using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>Coverage as it stood in one ISO week (id 2026-W48), kept so digests can show the change.</summary>
public sealed record CoverageSnapshot : IDocument
{
    public static string Kind => "coverage-snapshot";

    public required string Id { get; init; }

    public required DateTimeOffset TakenAt { get; init; }

    public required IReadOnlyList<FrameworkSnapshot> Frameworks { get; init; }
}

public sealed record FrameworkSnapshot(
    string FrameworkId,
    int InScope,
    int Covered,
    int Partial,
    int Gaps,
    int Excluded,
    double Percent,
    IReadOnlyList<string> CoveredRequirementIds);
