using System.Collections.Concurrent;

namespace ComplianceBot.Core.Delivery;

/// <summary>What a run did with each reminder: the ids, so a job can log exactly what it sent and skipped.</summary>
public sealed class DeliveryReport
{
    public ConcurrentQueue<(string ReminderId, string RecipientId, string? MessageId)> Sent { get; } = new();

    /// <summary>Already sent (or given up as in doubt) by an earlier run.</summary>
    public ConcurrentQueue<string> AlreadySent { get; } = new();

    /// <summary>Another instance holds the claim right now.</summary>
    public ConcurrentQueue<string> Busy { get; } = new();

    /// <summary>Waiting for the recipient's quiet hours to end.</summary>
    public ConcurrentQueue<string> Deferred { get; } = new();

    /// <summary>
    /// The recipient has no chat account we can send to, or their platform refused them (no such user, the bot
    /// blocked or removed): skipped with the platform's reason, and tried again by the next run.
    /// </summary>
    public ConcurrentQueue<(string ReminderId, string RecipientId, string Reason)> Unreachable { get; } = new();

    /// <summary>The send certainly did not reach the recipient (refused, or a platform failure before it); the next run tries again.</summary>
    public ConcurrentQueue<string> Failed { get; } = new();

    /// <summary>An interrupted send found delivered in the conversation's history: marked sent, not repeated.</summary>
    public ConcurrentQueue<string> Recovered { get; } = new();

    /// <summary>An interrupted send the platform cannot confirm (Teams): not repeated, reported.</summary>
    public ConcurrentQueue<string> InDoubt { get; } = new();

    public int Snoozed { get; set; }

    public int Messages => Sent.Select(s => s.MessageId ?? s.ReminderId).Distinct().Count();

    public override string ToString() =>
        $"sent {Sent.Count} in {Messages} messages, already sent {AlreadySent.Count}, busy {Busy.Count}, deferred {Deferred.Count}, snoozed {Snoozed}, " +
        $"unreachable {Unreachable.Count}, failed {Failed.Count}, recovered {Recovered.Count}, in doubt {InDoubt.Count}";
}
