using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Reminders;

public static class ReminderTopics
{
    public const string Attestation = "attestation";
    public const string RiskReview = "risk-review";
    public const string RiskAction = "risk-action";
    public const string Nonconformity = "nonconformity";
    public const string EvidenceExpiring = "evidence";
    public const string Escalation = "escalation";
    public const string Campaign = "campaign";
    public const string Digest = "digest";
}

/// <summary>One thing to remind someone of today, at one stage (due-7, overdue-2, snoozed-1, …).</summary>
/// <param name="OwnerId">Who is responsible for the item (for an escalation: the owner it is about).</param>
/// <param name="ControlId">The control to answer or to file evidence for, when there is one.</param>
public sealed record ReminderItem(
    string Topic,
    string SubjectId,
    string Period,
    string Stage,
    string OwnerId,
    ReminderRecipient Recipient,
    string Title,
    string Detail,
    DateOnly DueOn,
    string? ControlId,
    bool Snoozable)
{
    /// <summary>The item across its stages: what a snooze applies to.</summary>
    public string ItemKey => ItemKeyOf(Topic, SubjectId, Period);

    /// <summary>The ledger id: one message per item and stage, ever.</summary>
    public string Id => Reminder.IdFor(Topic, SubjectId, Period, Stage);

    public static string ItemKeyOf(string topic, string subjectId, string period) => $"{topic}:{subjectId}:{period}";
}

/// <summary>Who gets a message: a person in their 1:1 chat, or a channel.</summary>
public abstract record ReminderRecipient
{
    /// <summary>The ledger's recipient id; items with the same key are batched into one message.</summary>
    public abstract string Key { get; }

    /// <summary>Whose clock decides quiet hours.</summary>
    public abstract string TimeZone { get; }
}

public sealed record PersonRecipient(Person Person) : ReminderRecipient
{
    public override string Key => Person.Id;

    public override string TimeZone => Person.TimeZone;
}

public sealed record ChannelRecipient(ConversationAddress Address, string Zone) : ReminderRecipient
{
    public override string Key => $"channel:{Address.Platform}:{Address.ConversationId}";

    public override string TimeZone => Zone;
}
