using ComplianceBot.Core.Coverage;

namespace ComplianceBot.Host.Startup;

/// <summary>Keeps this week's coverage snapshot current, so next week's figures can show the change.</summary>
internal sealed partial class CoverageSnapshotter(
    CoverageEngine engine, CoverageHistory history, TimeProvider time, ILogger<CoverageSnapshotter> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var snapshot = await history.RecordAsync(await engine.ComputeAsync(stoppingToken), stoppingToken);
                LogSnapshot(snapshot.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSnapshotFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Coverage snapshot {Week} recorded")]
    private partial void LogSnapshot(string week);

    [LoggerMessage(Level = LogLevel.Error, Message = "Coverage snapshot failed; retrying at the next interval")]
    private partial void LogSnapshotFailed(Exception exception);
}
