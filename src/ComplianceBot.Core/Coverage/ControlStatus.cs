using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Coverage;

/// <summary>Where one control stands on the day coverage was computed.</summary>
public sealed record ControlStatus(
    string ControlId,
    string Name,
    ControlState State,
    ControlFinding Finding,
    string? OwnerId,
    string? OwnerName,
    string? AttestedPeriod,
    AttestationResult? AttestedResult,
    DateOnly? LatestEvidenceOn);
