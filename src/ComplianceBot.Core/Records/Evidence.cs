using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>
/// A file handed in as evidence. Write-once: the content lives in the evidence content store under
/// <see cref="StorageKey"/>, addressed by its SHA-256.
/// </summary>
public sealed record Evidence : IDocument
{
    public static string Kind => "evidence";

    public required string Id { get; init; }

    public required IReadOnlyList<string> ControlIds { get; init; }

    public required string FileName { get; init; }

    public required long SizeBytes { get; init; }

    public required string ContentType { get; init; }

    /// <summary>Lower-case hex.</summary>
    public required string Sha256 { get; init; }

    public required string StorageKey { get; init; }

    /// <summary>The date the evidence speaks for (a report's as-of date), distinct from when it was uploaded.</summary>
    public required DateOnly EffectiveOn { get; init; }

    public DateOnly? ExpiresOn { get; init; }

    public required DateTimeOffset UploadedAt { get; init; }

    public required string UploadedBy { get; init; }

    /// <summary>Link back to the chat message the file came from.</summary>
    public string? SourceLink { get; init; }

    /// <summary>
    /// Where the review stands. Only approved evidence counts for coverage. Records filed before evidence was
    /// reviewed carry no state and read as approved.
    /// </summary>
    public EvidenceReview Review { get; init; } = EvidenceReview.Approved;

    /// <summary>The owner (or delegate) who confirmed a file someone else handed in.</summary>
    public string? ConfirmedBy { get; init; }

    public string? ReviewedBy { get; init; }

    public DateTimeOffset? ReviewedAt { get; init; }

    /// <summary>Why it was rejected (by the reviewer) or declined (by the owner). Kept: nothing is deleted.</summary>
    public string? ReviewNote { get; init; }
}

public enum EvidenceReview
{
    /// <summary>Handed in by someone who does not answer for the control: its owner confirms it first.</summary>
    AwaitingOwner,

    /// <summary>With the control's reviewer.</summary>
    Submitted,

    Approved,

    Rejected,
}
