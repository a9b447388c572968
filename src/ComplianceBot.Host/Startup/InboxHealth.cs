using ComplianceBot.Core.Inbox;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ComplianceBot.Host.Startup;

/// <summary>Ready while the inbox can accept events; its backlog and parked items as figures.</summary>
internal sealed class InboxHealth(IInbox inbox, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = await inbox.GetStatusAsync(cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["pending"] = status.Pending,
            ["failed"] = status.Failed,
            ["oldestPendingSeconds"] = status.OldestPending is { } oldest ? (long)(time.GetUtcNow() - oldest).TotalSeconds : 0,
        };
        return status.Ready
            ? HealthCheckResult.Healthy($"Accepting events; {status.Pending} pending, {status.Failed} parked as failed.", data)
            : HealthCheckResult.Unhealthy(status.Problem ?? "The inbox cannot accept events.", data: data);
    }
}
