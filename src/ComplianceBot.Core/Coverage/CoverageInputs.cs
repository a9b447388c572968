using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Coverage;

/// <summary>Everything coverage is computed from, as read from the store at one instant.</summary>
public sealed record CoverageInputs(
    DateTimeOffset AsOf,
    IReadOnlyList<Control> Controls,
    IReadOnlyList<RequirementDecision> Decisions,
    IReadOnlyList<Person> People,
    IReadOnlyList<Attestation> Attestations,
    EvidenceAtPeriodEnds Evidence);
