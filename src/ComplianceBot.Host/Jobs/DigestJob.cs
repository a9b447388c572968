using ComplianceBot.Core.Digests;
using ComplianceBot.Host.Observability;
using Hangfire;

namespace ComplianceBot.Host.Jobs;

/// <summary>The digest run: each subscribed channel gets its week's digest once, at or after its day and hour.</summary>
public sealed class DigestJob(DigestDispatcher dispatcher, JobInstance instance, ILogger<DigestJob> logger)
{
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken cancellationToken) =>
        JobLog.Report(logger, RecurringJobs.Digests, await JobTelemetry.RunAsync(RecurringJobs.Digests, () => dispatcher.RunAsync(instance.Id, cancellationToken)));
}
