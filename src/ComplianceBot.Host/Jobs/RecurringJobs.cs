using ComplianceBot.Host.Configuration;
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

    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource stopping = new();
    private Task retrying = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            Register();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotRegistered(ex.Message);
            retrying = RetryAsync(stopping.Token);
        }

        return Task.CompletedTask;
    }

    private void Register()
    {
        var options = jobs.Value;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone ?? compliance.Value.TimeZone);
        var recurring = new RecurringJobOptions { TimeZone = zone };
        manager.AddOrUpdate<ReminderJob>(Reminders, job => job.RunAsync(CancellationToken.None), options.RemindersCron, recurring);
        manager.AddOrUpdate<CampaignJob>(Campaigns, job => job.RunAsync(CancellationToken.None), options.CampaignsCron, recurring);
        manager.AddOrUpdate<DigestJob>(Digests, job => job.RunAsync(CancellationToken.None), options.DigestsCron, recurring);
        LogRegistered(zone.Id, options.RemindersCron, options.CampaignsCron, options.DigestsCron);
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // The machine's clock: how long to wait before trying the storage again is not business time.
            await Task.Delay(RetryEvery, TimeProvider.System, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested) return;
            try
            {
                Register();
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // still not possible; tried again shortly
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        stopping.Cancel();
        await retrying.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    // Stopping may come after disposal (a test host disposes first): the source is cancelled, never disposed, so
    // either order is safe; it holds no timer.
    public void Dispose() => stopping.Cancel();

    [LoggerMessage(Level = LogLevel.Information, Message = "Recurring jobs registered in {TimeZone}: reminders '{Reminders}', campaigns '{Campaigns}', digests '{Digests}'")]
    private partial void LogRegistered(string timeZone, string reminders, string campaigns, string digests);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recurring jobs could not be registered at start ({Problem}); trying again every 5 s")]
    private partial void LogNotRegistered(string problem);
}
