using ComplianceBot.Core.Delivery;

namespace ComplianceBot.Host.Jobs;

/// <summary>What a job sent and skipped, by ledger id and recipient id (never message content).</summary>
internal static partial class JobLog
{
    public static void Report(ILogger logger, string job, DeliveryReport report)
    {
        foreach (var (reminder, recipient, message) in report.Sent) LogSent(logger, job, reminder, recipient, message ?? "-");
        foreach (var id in report.Recovered) LogRecovered(logger, job, id);
        foreach (var id in report.Failed) LogFailed(logger, job, id);
        foreach (var id in report.InDoubt) LogInDoubt(logger, job, id);
        foreach (var (id, recipient, reason) in report.Unreachable) LogUnreachable(logger, job, id, recipient, reason);
        foreach (var id in report.Deferred) LogDeferred(logger, job, id);
        LogSummary(logger, job, report.Sent.Count, report.Messages, report.AlreadySent.Count, report.Busy.Count, report.Deferred.Count,
            report.Snoozed, report.Unreachable.Count, report.Failed.Count, report.Recovered.Count, report.InDoubt.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job}: sent {Reminder} to {Recipient} (message {MessageId})")]
    private static partial void LogSent(ILogger logger, string job, string reminder, string recipient, string messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job}: {Reminder} was interrupted but had arrived; marked sent")]
    private static partial void LogRecovered(ILogger logger, string job, string reminder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job}: {Reminder} failed before reaching the platform; the next run retries")]
    private static partial void LogFailed(ILogger logger, string job, string reminder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job}: {Reminder} was interrupted and the platform cannot confirm it arrived; not resent")]
    private static partial void LogInDoubt(ILogger logger, string job, string reminder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job}: skipped {Reminder}: {Recipient} cannot be reached ({Reason})")]
    private static partial void LogUnreachable(ILogger logger, string job, string reminder, string recipient, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Job}: deferred {Reminder} until the recipient's quiet hours end")]
    private static partial void LogDeferred(ILogger logger, string job, string reminder);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job}: sent {Sent} in {Messages} messages; skipped {AlreadySent} already sent, {Busy} held by another instance, {Deferred} in quiet hours, {Snoozed} snoozed or handed off, {Unreachable} unreachable; {Failed} failed, {Recovered} recovered, {InDoubt} in doubt")]
    private static partial void LogSummary(ILogger logger, string job, int sent, int messages, int alreadySent, int busy, int deferred, int snoozed, int unreachable, int failed, int recovered, int inDoubt);

    [LoggerMessage(Level = LogLevel.Error, Message = "The job storage could not be opened at start ({Problem}); the bot answers chats, and jobs run once the storage opens")]
    public static partial void StorageRefusedAtStart(ILogger logger, string problem);
}
