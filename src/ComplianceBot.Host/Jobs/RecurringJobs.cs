using ComplianceBot.Host.Configuration;
using ComplianceBot.Host.Startup;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Jobs;

/// <summary>
/// Registers (or updates) the recurring jobs at start, with their cron expressions and time zone. When the job
/// storage cannot take them at start (a full disk, a database not up yet), the host starts anyway and this tries
/// again every few seconds until it can.
/// </summary>
internal sealed partial class RecurringJobs(
    IRecurringJobManager manager, IOptions<JobsOptions> jobs, IOptions<ComplianceOptions> compliance, ILogger<RecurringJobs> logger)
    : IHostedService, IDisposable
{
    public const string Reminders = "reminders";
    public const string Campaigns = "attestation-campaigns";
    public const string Digests = "coverage-digests";
    public const string DirectorySync = "directory-sync";

    private readonly StartupRetry retry = new(TimeSpan.FromSeconds(5), ex => ex is not OperationCanceledException);

    public Task StartAsync(CancellationToken cancellationToken) =>
        retry.StartAsync(_ => { Register(); return Task.CompletedTask; }, ex => LogNotRegistered(ex.Message), cancellationToken);

    private void Register()
    {
        var options = jobs.Value;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone ?? compliance.Value.TimeZone);
        var recurring = new RecurringJobOptions { TimeZone = zone };
        manager.AddOrUpdate<ReminderJob>(Reminders, job => job.RunAsync(CancellationToken.None), options.RemindersCron, recurring);
        manager.AddOrUpdate<CampaignJob>(Campaigns, job => job.RunAsync(CancellationToken.None), options.CampaignsCron, recurring);
        manager.AddOrUpdate<DigestJob>(Digests, job => job.RunAsync(CancellationToken.None), options.DigestsCron, recurring);
        manager.AddOrUpdate<DirectorySyncJob>(DirectorySync, job => job.RunAsync(CancellationToken.None), options.DirectorySyncCron, recurring);
        LogRegistered(zone.Id, options.RemindersCron, options.CampaignsCron, options.DigestsCron);
    }

    public Task StopAsync(CancellationToken cancellationToken) => retry.StopAsync();

    public void Dispose() => retry.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Recurring jobs registered in {TimeZone}: reminders '{Reminders}', campaigns '{Campaigns}', digests '{Digests}'")]
    private partial void LogRegistered(string timeZone, string reminders, string campaigns, string digests);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recurring jobs could not be registered at start ({Problem}); trying again every 5 s")]
    private partial void LogNotRegistered(string problem);
}
