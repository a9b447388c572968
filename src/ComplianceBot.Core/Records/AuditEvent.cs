using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>
/// One entry of the append-only audit trail. <see cref="Hash"/> covers every other field and the previous
/// event's hash, so editing, removing or reordering any event breaks the chain from there on.
/// </summary>
public sealed record AuditEvent : IDocument
{
    public static string Kind => "audit";

    /// <summary>The sequence number, zero-padded so ids sort in order.</summary>
    public required string Id { get; init; }

    public required long Sequence { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string Actor { get; init; }

    public required string Action { get; init; }

    public required string EntityKind { get; init; }

    public required string EntityId { get; init; }

    /// <summary>What changed, by ids and values; never file content or secrets.</summary>
    public string Details { get; init; } = "";

    public required string PreviousHash { get; init; }

    public required string Hash { get; init; }

    public static string IdFor(long sequence) => sequence.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
}
