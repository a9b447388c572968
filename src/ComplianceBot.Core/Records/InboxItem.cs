namespace ComplianceBot.Core.Records;

/// <summary>
/// An accepted inbound chat event, kept until it has been processed. The id is the platform's own delivery id
/// (activity id, event_id), so a redelivery finds the item already there and is not processed twice.
/// </summary>
public sealed record InboxItem
{
    /// <summary>The name errors and the Cosmos DB layout use for inbox items.</summary>
    public const string Kind = "inbox";

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

    /// <summary>
    /// The W3C traceparent of the request that delivered the item, so its processing, later and perhaps on another
    /// instance, continues the same trace. Null when nothing was tracing.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>Why the last attempt failed (type and message, never the payload).</summary>
    public string? LastError { get; init; }

    /// <summary>This item taken until <paramref name="until"/>; a new attempt counts one more.</summary>
    public InboxItem Leased(DateTimeOffset until, bool newAttempt) =>
        this with { LeaseUntil = until, Attempts = newAttempt ? Attempts + 1 : Attempts };

    /// <summary>This item done: the payload (what people wrote) is dropped, the id kept to recognise a redelivery.</summary>
    public InboxItem Completed(DateTimeOffset at) =>
        this with { State = InboxState.Done, CompletedAt = at, LeaseUntil = null, Payload = "" };

    /// <summary>This item after a failed attempt: pending again after <paramref name="retryAt"/>, or parked as failed.</summary>
    public InboxItem Failed(string error, DateTimeOffset? retryAt) => this with
    {
        State = retryAt is null ? InboxState.Failed : InboxState.Pending,
        LeaseUntil = retryAt,
        LastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error,
    };

    /// <summary>Whether it is kept to recognise a redelivery at <paramref name="now"/>: finished items are forgotten after a while.</summary>
    public bool KeptAt(DateTimeOffset now, TimeSpan finishedKeptFor) =>
        State != InboxState.Done || (CompletedAt ?? ReceivedAt) >= now - finishedKeptFor;

    private const int MaxErrorLength = 500;
}

public enum InboxState
{
    Pending,
    Done,
    Failed,
}
