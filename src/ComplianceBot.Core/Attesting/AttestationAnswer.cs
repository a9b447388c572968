using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Attesting;

/// <summary>What an owner submits on the attestation card.</summary>
/// <param name="Period">The period the card asked about; null for the period to attest today.</param>
/// <param name="Occurrences">Event-driven controls: how many times it ran in the period.</param>
/// <param name="References">Event-driven controls: what it ran on (ticket ids, change numbers).</param>
public sealed record AttestationAnswer(
    string ControlId,
    string PersonId,
    AttestationResult Result,
    string? Comment,
    IReadOnlyList<string> EvidenceIds,
    string? Period = null,
    int? Occurrences = null,
    IReadOnlyList<string>? References = null);
