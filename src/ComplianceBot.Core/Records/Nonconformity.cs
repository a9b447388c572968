using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>
/// A nonconformity (ISO 27001 10.2): what happened, the correction made at once, the cause, the corrective action
/// with its owner and due date, and the verification of its effectiveness by a compliance admin.
/// </summary>
public sealed record Nonconformity : IDocument
{
    public static string Kind => "nonconformity";

    /// <summary>NC-0001, NC-0002, … in the order they were raised.</summary>
    public required string Id { get; init; }

    public required NonconformitySource Source { get; init; }

    /// <summary>What it came from: the attestation id, the evidence id or the audit finding; empty when raised by hand.</summary>
    public string SourceRef { get; init; } = "";

    public string? ControlId { get; init; }

    public required string WhatHappened { get; init; }

    public string Correction { get; init; } = "";

    public string Cause { get; init; } = "";

    public required string CorrectiveAction { get; init; }

    public required string OwnerId { get; init; }

    public required DateOnly DueOn { get; init; }

    public NonconformityStatus Status { get; init; } = NonconformityStatus.Open;

    public required string RaisedBy { get; init; }

    public required DateTimeOffset RaisedAt { get; init; }

    public DateOnly? ActionTakenOn { get; init; }

    public string? ActionNote { get; init; }

    public DateOnly? VerifiedOn { get; init; }

    public string? VerifiedBy { get; init; }

    public string? VerificationNote { get; init; }

    /// <summary>How many times verification found the action not effective.</summary>
    public int Reopened { get; init; }
}

public enum NonconformitySource
{
    Manual,
    NotOperating,
    EvidenceRejected,
    InternalAudit,
}

/// <summary>Open (the action to take) → awaiting verification → closed (verified effective); not effective goes back to open.</summary>
public enum NonconformityStatus
{
    Open,
    AwaitingVerification,
    Closed,
}
