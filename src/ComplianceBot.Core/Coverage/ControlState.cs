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

    /// <summary>Answered "not applicable"; a compliance admin has not approved it yet, so it counts as not answered.</summary>
    NotApplicablePendingApproval,

    /// <summary>Answered "not applicable", and a compliance admin rejected that: it needs a real answer.</summary>
    NotApplicableRejected,
}

public enum RequirementState
{
    Covered,
    Partial,
    Gap,
    Excluded,

    /// <summary>Every mapped control is approved "not applicable": out of the percentage, to be confirmed in the SoA.</summary>
    ExcludedByControls,
}

/// <summary>Findings in words, as cards, registers and the API show them.</summary>
public static class ControlFindings
{
    public static string Describe(ControlFinding finding) => finding switch
    {
        ControlFinding.None => "effective",
        ControlFinding.NotAttested => "not attested yet",
        ControlFinding.AttestationOverdue => "attestation overdue",
        ControlFinding.NotOperating => "not operating",
        ControlFinding.PartiallyOperating => "operating partially",
        ControlFinding.NoEvidence => "no approved evidence",
        ControlFinding.EvidenceStale => "evidence too old",
        ControlFinding.AttestedNotApplicable => "not applicable (approved)",
        ControlFinding.NoOccurrences => "nothing occurred (counts as operating)",
        ControlFinding.NotApplicablePendingApproval => "\"not applicable\" awaiting approval",
        _ => "\"not applicable\" rejected",
    };
}
