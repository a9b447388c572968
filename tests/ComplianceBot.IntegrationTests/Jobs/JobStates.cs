using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceBot.IntegrationTests.Jobs;

/// <summary>Waits for Hangfire jobs to be done, whichever server on the shared storage ran them.</summary>
internal static class JobStates
{
    private static readonly string[] Final = [SucceededState.StateName, FailedState.StateName, DeletedState.StateName];

    /// <summary>Runs a recurring job now, through the job storage, and gives the id of the job that was queued.</summary>
    public static string Trigger(IServiceProvider services, string recurringJob) =>
        ((IRecurringJobManagerV2)services.GetRequiredService<IRecurringJobManager>()).TriggerJob(recurringJob);

    /// <summary>Returns once every job is in a final state (succeeded, failed for good, deleted), with those states.</summary>
    public static async Task<IReadOnlyList<string>> WaitUntilFinishedAsync(JobStorage storage, IReadOnlyList<string> jobIds, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            var states = StatesOf(storage, jobIds);
            if (states.All(Final.Contains)) return states;
            try
            {
                await tick.WaitForNextTickAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                var monitoring = storage.GetMonitoringApi();
                var queues = string.Join(", ", monitoring.Queues().Select(q => $"{q.Name}: {q.Length} waiting, {q.Fetched} fetched"));
                var servers = string.Join(", ", monitoring.Servers().Select(s => $"{s.Name} ({s.WorkersCount} workers, heartbeat {s.Heartbeat:O})"));
                var history = string.Join(" | ", jobIds.SelectMany(id => (monitoring.JobDetails(id)?.History ?? []).Select(h =>
                    $"{id} {h.StateName} {h.Reason} {string.Join("; ", h.Data ?? new Dictionary<string, string>())}")));
                throw new TimeoutException($"Jobs {string.Join(", ", jobIds)} were still {string.Join(", ", states)} after {within}. Queues: {queues}. Servers: {servers}. History: {history}");
            }
        }
    }

    private static List<string> StatesOf(JobStorage storage, IReadOnlyList<string> jobIds)
    {
        using var connection = storage.GetConnection();
        return jobIds.Select(id => connection.GetStateData(id)?.Name ?? "missing").ToList();
    }
}
