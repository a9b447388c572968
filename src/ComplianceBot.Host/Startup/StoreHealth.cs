using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ComplianceBot.Host.Startup;

/// <summary>Ready while the record store answers a point read.</summary>
internal sealed class StoreHealth(IComplianceStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.FindAsync<Counter>("health-probe", cancellationToken);
            return HealthCheckResult.Healthy("The record store answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The record store does not answer: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
