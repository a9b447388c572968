using ComplianceBot.Core.Reminders;
using Hangfire;

namespace ComplianceBot.Host.Jobs;

/// <summary>Starts the recurring reminder and campaign jobs now, through Hangfire (any instance's server picks them up).</summary>
internal sealed class RecurringJobTrigger(IRecurringJobManager manager) : IJobTrigger
{
    public void TriggerReminders()
    {
        var jobs = (IRecurringJobManagerV2)manager;
        jobs.TriggerJob(RecurringJobs.Campaigns);
        jobs.TriggerJob(RecurringJobs.Reminders);
    }
}
