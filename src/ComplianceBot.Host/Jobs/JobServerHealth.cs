using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Jobs;

/// <summary>
/// The job servers on the shared storage, from Hangfire's monitoring API: healthy while one has sent a heartbeat
/// lately; degraded (still 200) when none has, since the bot still answers chats.
/// </summary>
internal sealed class JobServerHealth(JobStorage storage, JobInstance instance, IOptions<JobsOptions> options) : IHealthCheck
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(2);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Hangfire stamps heartbeats with the machine clock, so they are compared with the machine clock too.
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var servers = storage.GetMonitoringApi().Servers();
        var alive = servers.Where(s => s.Heartbeat is { } beat && now - beat < Fresh).ToList();
        var here = alive.Any(s => s.Name.StartsWith(instance.Id, StringComparison.Ordinal));
        var data = new Dictionary<string, object>
        {
            ["servers"] = alive.Count,
            ["workers"] = alive.Sum(s => s.WorkersCount),
            ["lastHeartbeat"] = alive.Count == 0 ? "-" : alive.Max(s => s.Heartbeat!.Value).ToString("O"),
            ["thisInstance"] = here ? "running" : options.Value.RunServer ? "starting" : "no server here",
            ["storage"] = options.Value.Storage,
        };
        return Task.FromResult(alive.Count > 0
            ? HealthCheckResult.Healthy($"{alive.Count} job server(s) alive, last heartbeat {data["lastHeartbeat"]}", data)
            : HealthCheckResult.Degraded("No job server has sent a heartbeat in the last 2 minutes.", data: data));
    }
}
