using ComplianceBot.Core.People;
using Hangfire;

namespace ComplianceBot.Host.Jobs;

/// <summary>The directory sync run: names, managers and leavers from Microsoft Graph (Teams) and Slack's member list.</summary>
public sealed partial class DirectorySyncJob(DirectorySync sync, ILogger<DirectorySyncJob> logger)
{
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 1800)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var report in await sync.SyncAsync(cancellationToken))
            LogSynced(report.Platform, report.Read, report.Updated, report.Left, report.ControlsReleased);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Directory sync {Platform}: {Read} read, {Updated} updated, {Left} left, {Released} controls back to no owner")]
    private partial void LogSynced(string platform, int read, int updated, int left, int released);
}
