using ComplianceBot.Core.Inbox;

namespace ComplianceBot.Host.Chat;

/// <summary>Processes accepted chat events in the background: at once when one arrives here, and by polling for
/// those left by a restart or accepted by another instance.</summary>
internal sealed partial class InboxWorker(DurableInbox inbox, IEnumerable<IInboxHandler> handlers, ILogger<InboxWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var byPlatform = handlers.ToDictionary(h => h.Platform, StringComparer.Ordinal);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var outcomes = await inbox.ProcessPendingAsync(byPlatform, 20, stoppingToken);
                foreach (var outcome in outcomes.Where(o => o.Error is not null))
                {
                    LogFailed(outcome.Attempts, outcome.State.ToString(), outcome.Error!);
                }

                if (outcomes.Count > 0) continue;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogLoopFailed(ex);
            }

            await inbox.WaitForWorkAsync(Poll, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox item failed (attempt {Attempts}, now {State}): {Error}")]
    private partial void LogFailed(int attempts, string state, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbox processing failed; retrying")]
    private partial void LogLoopFailed(Exception exception);
}
