using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Coverage;

/// <summary>Reads what coverage needs from the store (a handful of queries, no full scans) and computes it.</summary>
public sealed class CoverageEngine(IComplianceStore store, FrameworkCatalog catalog, CompliancePolicy policy, TimeProvider time)
{
    public Task<CoverageReport> ComputeAsync(CancellationToken cancellationToken = default) =>
        ComputeAsync(time.GetUtcNow(), cancellationToken);

    public async Task<CoverageReport> ComputeAsync(DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        var today = policy.Today(asOf);
        var controls = store.ListAsync<Control>(cancellationToken);
        var decisions = store.ListAsync<RequirementDecision>(cancellationToken);
        var people = store.ListAsync<Person>(cancellationToken);
        var attestations = store.ListAttestationsAsync(ControlEvaluator.PeriodsInPlay(today), cancellationToken);
        var evidence = store.ListEvidenceFreshnessAsync(today, cancellationToken);

        var inputs = new CoverageInputs(
            asOf,
            (await controls).Select(s => s.Document).ToList(),
            (await decisions).Select(s => s.Document).ToList(),
            (await people).Select(s => s.Document).ToList(),
            await attestations,
            await evidence);
        return CoverageCalculator.Compute(catalog, policy, inputs);
    }
}
