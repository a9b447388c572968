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
}
