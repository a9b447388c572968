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

    /// <summary>An event-driven control with nothing to run on in the period: it counts as operating.</summary>
    NoOccurrences,
}

public enum RequirementState
{
    Covered,
    Partial,
    Gap,
    Excluded,
}
