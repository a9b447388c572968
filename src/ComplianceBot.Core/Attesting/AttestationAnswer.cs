using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Attesting;

/// <summary>What an owner submits on the attestation card.</summary>
public sealed record AttestationAnswer(
    string ControlId,
    string PersonId,
    AttestationResult Result,
    string? Comment,
    IReadOnlyList<string> EvidenceIds);
