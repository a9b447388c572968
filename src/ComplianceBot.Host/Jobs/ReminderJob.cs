using ComplianceBot.Core.Reminders;
using ComplianceBot.Host.Observability;
using Hangfire;

namespace ComplianceBot.Host.Jobs;

/// <summary>
/// The hourly reminder run. Risk acceptances that expired first go back to review (so their review reminder goes
/// out in the same run). Safe to run twice or on two instances: the ledger lets each reminder out once.
/// </summary>
public sealed class ReminderJob(ReminderDispatcher dispatcher, Core.Risks.RiskRegister risks, JobInstance instance, ILogger<ReminderJob> logger)
{
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken cancellationToken) =>
        JobLog.Report(logger, RecurringJobs.Reminders, await JobTelemetry.RunAsync(RecurringJobs.Reminders, async () =>
        {
            await risks.ExpireAcceptancesAsync(cancellationToken);
            return await dispatcher.RunAsync(instance.Id, cancellationToken);
        }));
}

/// <summary>The attestation campaign run: requests created once, cards sent once.</summary>
public sealed class CampaignJob(AttestationCampaign campaign, JobInstance instance, ILogger<CampaignJob> logger)
{
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken cancellationToken) =>
        JobLog.Report(logger, RecurringJobs.Campaigns, await JobTelemetry.RunAsync(RecurringJobs.Campaigns, () => campaign.RunAsync(instance.Id, cancellationToken)));
}
