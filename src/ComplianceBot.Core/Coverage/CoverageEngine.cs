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
        var attestations = store.ListAttestationsAsync(ControlEvaluator.PeriodKeysInPlay(today), cancellationToken);
        var evidence = ReadEvidenceAsync(today, cancellationToken);

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
        var attestations = ById(await store.ListAttestationsAsync(ControlEvaluator.PeriodKeysInPlay(today), cancellationToken));
        var evidence = await ReadEvidenceAsync(today, cancellationToken);
        return controls
            .Select(c => ControlEvaluator.Evaluate(c, today, policy, attestations.GetValueOrDefault, day => evidence.Find(c.Id, day), null))
            .ToList();
    }

    internal static Dictionary<string, Attestation> ById(IEnumerable<Attestation> attestations)
    {
        var byId = new Dictionary<string, Attestation>(StringComparer.Ordinal);
        foreach (var attestation in attestations) byId[attestation.Id] = attestation;
        return byId;
    }

    /// <summary>Evidence as it stood at the end of each period in play (evidence is judged against the period it supports).</summary>
    private async Task<EvidenceAtPeriodEnds> ReadEvidenceAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var ends = ControlEvaluator.PeriodsInPlay(today).Select(p => p.End).Distinct().ToList();
        var reads = ends.Select(end => store.ListEvidenceFreshnessAsync(end, cancellationToken)).ToList();
        var byEnd = new Dictionary<DateOnly, Dictionary<string, EvidenceFreshness>>();
        for (var i = 0; i < ends.Count; i++)
        {
            byEnd[ends[i]] = (await reads[i]).ToDictionary(e => e.ControlId, StringComparer.OrdinalIgnoreCase);
        }

        return new EvidenceAtPeriodEnds(byEnd);
    }
}

/// <summary>Per period end in play, each control's newest evidence effective by then and not expired then.</summary>
public sealed class EvidenceAtPeriodEnds(IReadOnlyDictionary<DateOnly, Dictionary<string, EvidenceFreshness>> byEnd)
{
    public EvidenceFreshness? Find(string controlId, DateOnly periodEnd) =>
        byEnd.TryGetValue(periodEnd, out var controls) ? controls.GetValueOrDefault(controlId) : null;
}
