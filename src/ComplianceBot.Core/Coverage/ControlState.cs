namespace ComplianceBot.Core.Coverage;

public enum ControlState
{
    Effective,
    Partial,
    Gap,
    NotApplicable,
}

/// <summary>Why a control is not effective (or <see cref="None"/> when it is).</summary>
public enum ControlFinding
{
    None,
    NotAttested,
    AttestationOverdue,
    NotOperating,
    PartiallyOperating,
    NoEvidence,
    EvidenceStale,
    AttestedNotApplicable,
}

public enum RequirementState
{
    Covered,
    Partial,
    Gap,
    Excluded,
}
