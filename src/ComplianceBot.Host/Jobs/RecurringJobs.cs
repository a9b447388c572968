using ComplianceBot.Host.Configuration;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Jobs;

/// <summary>Registers (or updates) the recurring jobs at start, with their cron expressions and time zone.</summary>
internal sealed partial class RecurringJobs(
    IRecurringJobManager manager, IOptions<JobsOptions> jobs, IOptions<ComplianceOptions> compliance, ILogger<RecurringJobs> logger) : IHostedService
{
    public const string Reminders = "reminders";
    public const string Campaigns = "attestation-campaigns";
    public const string Digests = "coverage-digests";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = jobs.Value;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone ?? compliance.Value.TimeZone);
        var recurring = new RecurringJobOptions { TimeZone = zone };
        manager.AddOrUpdate<ReminderJob>(Reminders, job => job.RunAsync(CancellationToken.None), options.RemindersCron, recurring);
        manager.AddOrUpdate<CampaignJob>(Campaigns, job => job.RunAsync(CancellationToken.None), options.CampaignsCron, recurring);
        manager.AddOrUpdate<DigestJob>(Digests, job => job.RunAsync(CancellationToken.None), options.DigestsCron, recurring);
        LogRegistered(zone.Id, options.RemindersCron, options.CampaignsCron, options.DigestsCron);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Recurring jobs registered in {TimeZone}: reminders '{Reminders}', campaigns '{Campaigns}', digests '{Digests}'")]
    private partial void LogRegistered(string timeZone, string reminders, string campaigns, string digests);
}
