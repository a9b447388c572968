using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>
/// The ledger entry of one reminder (or digest, or campaign card). Its id is deterministic —
/// "{topic}:{subject}:{period}:{stage}" — and it is created before the message goes out, so creating it is the
/// claim: of two runs, two instances or a retried job, exactly one gets to send.
/// </summary>
public sealed record Reminder : IDocument
{
    public static string Kind => "reminder";

    public required string Id { get; init; }

    public required string Topic { get; init; }

    public required string SubjectId { get; init; }

    public required string Period { get; init; }

    public required string Stage { get; init; }

    /// <summary>A person id, or "channel:{platform}:{conversation}" for a channel post.</summary>
    public required string RecipientId { get; init; }

    public ReminderState State { get; init; } = ReminderState.Sending;

    /// <summary>The instance that holds the claim while <see cref="State"/> is Sending.</summary>
    public required string Instance { get; init; }

    /// <summary>Until then the claim is the instance's; after it, another run may reconcile the entry.</summary>
    public required DateTimeOffset LeaseUntil { get; init; }

    /// <summary>Reminders sent together in one message share it; Slack messages carry it in their metadata.</summary>
    public required string BatchId { get; init; }

    public required DateTimeOffset ClaimedAt { get; init; }

    public int Attempts { get; init; } = 1;

    public string? Platform { get; init; }

    public string? ConversationId { get; init; }

    /// <summary>The platform's id of the message (Teams activity id, Slack ts).</summary>
    public string? MessageId { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Why the last attempt failed (type and message, never content).</summary>
    public string? LastError { get; init; }

    public static string IdFor(string topic, string subjectId, string period, string stage) => $"{topic}:{subjectId}:{period}:{stage}";
}

public enum ReminderState
{
    /// <summary>Claimed; the message is being sent (or the sender died: see the lease).</summary>
    Sending,

    Sent,

    /// <summary>The send failed before reaching the platform; a later run may claim it again.</summary>
    Failed,

    /// <summary>The sender died after claiming and the platform cannot tell whether the message arrived (Teams). Not resent.</summary>
    InDoubt,
}
