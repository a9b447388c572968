using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>
/// An accepted inbound chat event, kept until it has been processed. The id is the platform's own delivery id
/// (activity id, event_id), so a redelivery finds the item already there and is not processed twice.
/// </summary>
public sealed record InboxItem : IDocument
{
    public static string Kind => "inbox";

    public required string Id { get; init; }

    public required string Platform { get; init; }

    /// <summary>Items of one partition (a conversation) are processed in order; partitions run side by side.</summary>
    public string? Partition { get; init; }

    /// <summary>The request body as received (already verified).</summary>
    public required string Payload { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public InboxState State { get; init; } = InboxState.Pending;

    public int Attempts { get; init; }

    /// <summary>While set and in the future, one worker owns the item; after it passes, another may take over.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Why the last attempt failed (type and message, never the payload).</summary>
    public string? LastError { get; init; }
}

public enum InboxState
{
    Pending,
    Done,
    Failed,
}
