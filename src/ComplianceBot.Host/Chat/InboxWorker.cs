using ComplianceBot.Core.Inbox;

namespace ComplianceBot.Host.Chat;

/// <summary>Runs the durable inbox's processing for this instance and logs what failed.</summary>
internal sealed partial class InboxWorker(DurableInbox inbox, IEnumerable<IInboxHandler> handlers, ILogger<InboxWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        inbox.RunAsync(handlers.ToDictionary(h => h.Platform, StringComparer.Ordinal), Report, stoppingToken);

    private void Report(InboxOutcome outcome)
    {
        if (outcome.Error is not null) LogFailed(outcome.Attempts, outcome.State.ToString(), outcome.Error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox item not completed (attempt {Attempts}, now {State}): {Error}")]
    private partial void LogFailed(int attempts, string state, string error);
}
