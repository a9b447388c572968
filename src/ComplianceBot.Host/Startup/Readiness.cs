using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ComplianceBot.Host.Startup;

/// <summary>Healthy once the store is open and the control library is loaded.</summary>
public sealed class Readiness : IHealthCheck
{
    private volatile bool ready;

    public void MarkReady() => ready = true;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(ready ? HealthCheckResult.Healthy("Store open, control library loaded.") : HealthCheckResult.Unhealthy("Starting."));
}
