using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>
/// A control owner's answer about one period that has ended (look-back). One document per control and period, so
/// it is requested once; the answer is recorded for that period whatever day it comes.
/// </summary>
public sealed record Attestation : IDocument
{
    public static string Kind => "attestation";

    public required string Id { get; init; }

    public required string ControlId { get; init; }

    /// <summary>Period key: 2026-11, 2026-Q4, 2026-H2 or 2026.</summary>
    public required string Period { get; init; }

    public required DateOnly DueOn { get; init; }

    public AttestationStatus Status { get; init; } = AttestationStatus.Requested;

    public AttestationResult? Result { get; init; }

    public string? Comment { get; init; }

    public string? AttestorId { get; init; }

    public DateTimeOffset? AnsweredAt { get; init; }

    /// <summary>Answered after <see cref="DueOn"/> (in the organisation's calendar).</summary>
    public bool Late { get; init; }

    public IReadOnlyList<string> EvidenceIds { get; init; } = [];

    /// <summary>
    /// A "not applicable" answer waits for a compliance admin: until approved the control counts as not answered;
    /// approved, it drops out of the requirements it maps to. Null for every other answer.
    /// </summary>
    public NotApplicableApproval? Approval { get; init; }

    public string? ApprovedBy { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>Why the admin rejected the "not applicable" answer.</summary>
    public string? ApprovalNote { get; init; }

    /// <summary>Event-driven controls: how many times the control ran in the period.</summary>
    public int? Occurrences { get; init; }

    /// <summary>Event-driven controls: the occurrences it ran on (ticket ids, change numbers).</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    public required DateTimeOffset RequestedAt { get; init; }

    public static string IdFor(string controlId, string period) => $"{controlId}:{period}";
}

public enum NotApplicableApproval
{
    Pending,
    Approved,
    Rejected,
}

public enum AttestationStatus
{
    Requested,
    Answered,
    Overdue,
}

public enum AttestationResult
{
    Operating,
    Partially,
    NotOperating,
    NotApplicable,

    /// <summary>Event-driven controls: nothing occurred in the period for the control to run on.</summary>
    NoOccurrences,
}
