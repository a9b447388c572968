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

    /// <summary>
    /// Where each of <paramref name="controls"/> stands today, without the frameworks' arithmetic (a person's
    /// tasks need their own controls only). Owner names are left out.
    /// </summary>
    public async Task<IReadOnlyList<ControlStatus>> EvaluateAsync(IReadOnlyList<Control> controls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(controls);
        if (controls.Count == 0) return [];
        var today = policy.Today(time.GetUtcNow());
        var attestations = new Dictionary<string, Attestation>(StringComparer.Ordinal);
        foreach (var attestation in await store.ListAttestationsAsync(ControlEvaluator.PeriodsInPlay(today), cancellationToken))
        {
            attestations[attestation.Id] = attestation;
        }

        var evidence = (await store.ListEvidenceFreshnessAsync(today, cancellationToken))
            .ToDictionary(e => e.ControlId, StringComparer.OrdinalIgnoreCase);
        return controls
            .Select(c => ControlEvaluator.Evaluate(c, today, policy, attestations.GetValueOrDefault, evidence.GetValueOrDefault(c.Id), null))
            .ToList();
    }
}
