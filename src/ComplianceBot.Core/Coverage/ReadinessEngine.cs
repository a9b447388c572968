using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Coverage;

/// <summary>Reads what the design and operating views need from the store and computes them.</summary>
public sealed class ReadinessEngine(IComplianceStore store, FrameworkCatalog catalog, CompliancePolicy policy, TimeProvider time)
{
    /// <summary>Design (Type 1) on <paramref name="day"/> (today when null or later).</summary>
    public async Task<ReadinessReport> DesignAsync(DateOnly? day = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var today = policy.Today(now);
        var asOf = day is { } d && d < today ? d : today;
        var (controls, decisions, names) = await LibraryAsync(cancellationToken);
        var evidence = (await store.ListEvidenceFreshnessAsync(asOf, cancellationToken)).ToDictionary(e => e.ControlId, StringComparer.OrdinalIgnoreCase);
        var design = controls.Select(c => ControlDesign.Of(c, evidence.GetValueOrDefault(c.Id)?.LatestEffectiveOn)).ToList();
        var byId = design.ToDictionary(d => d.ControlId, StringComparer.OrdinalIgnoreCase);
        var frameworks = ReadinessCalculator.Compute(catalog, policy, controls, decisions, names, c => string.Join(", ", byId[c.Id].Missing));
        return new ReadinessReport(ReadinessView.Design, asOf, asOf, now, frameworks, design, []);
    }

    /// <summary>Operating (Type 2) over <paramref name="window"/> (the policy's window when null).</summary>
    public async Task<ReadinessReport> OperatingAsync(ObservationWindow? window = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var today = policy.Today(now);
        var observed = window ?? policy.WindowOn(today);
        var (controls, decisions, names) = await LibraryAsync(cancellationToken);

        var periods = Enum.GetValues<Cadence>().SelectMany(observed.PeriodsEnding).Where(p => p.End < today).ToList();
        var attestations = CoverageEngine.ById(await store.ListAttestationsAsync(periods.Select(p => p.Key).ToHashSet(StringComparer.Ordinal), cancellationToken));
        var approved = new Dictionary<DateOnly, Dictionary<string, EvidenceFreshness>>();
        foreach (var end in periods.Select(p => p.End).Distinct())
        {
            approved[end] = (await store.ListEvidenceFreshnessAsync(end, cancellationToken)).ToDictionary(e => e.ControlId, StringComparer.OrdinalIgnoreCase);
        }

        var openNonconformities = (await store.ListAsync<Nonconformity>(cancellationToken)).Select(n => n.Document)
            .Where(n => n.Status != NonconformityStatus.Closed && n.ControlId is not null)
            .ToLookup(n => n.ControlId!, StringComparer.OrdinalIgnoreCase);

        ControlHistory Of(Control control, IReadOnlyList<Evidence>? rejected) => OperatingHistory.For(
            control, observed, today, policy, attestations.GetValueOrDefault,
            end => approved.TryGetValue(end, out var atEnd) ? atEnd.GetValueOrDefault(control.Id) : null,
            period => rejected is not null && rejected.Any(e => e.EffectiveOn >= ControlEvaluator.EvidenceFrom(control, period) && e.EffectiveOn <= period.End),
            openNonconformities[control.Id].Select(n => (n.Id, PeriodOf(control, n))).ToList());

        // Telling rejected evidence from none needs the control's files: read them only where evidence fell short.
        var histories = new List<ControlHistory>(controls.Count);
        foreach (var control in controls)
        {
            var history = Of(control, null);
            if (history.Periods.Any(p => p.Exceptions.Contains(OperatingDeviation.EvidenceMissing)))
            {
                var rejected = (await store.ListEvidenceForControlAsync(control.Id, cancellationToken)).Where(e => e.Review == EvidenceReview.Rejected).ToList();
                if (rejected.Count > 0) history = Of(control, rejected);
            }

            histories.Add(history);
        }

        var byId = histories.ToDictionary(h => h.ControlId, StringComparer.OrdinalIgnoreCase);
        var frameworks = ReadinessCalculator.Compute(catalog, policy, controls, decisions, names, c => ReadinessCalculator.Shortfall(byId[c.Id]));
        return new ReadinessReport(ReadinessView.Operating, observed.From, observed.To, now, frameworks, [], histories);
    }

    /// <summary>
    /// The period a nonconformity concerns: the attestation's, when raised from a "not operating" answer; otherwise
    /// the period in which it was raised.
    /// </summary>
    private string PeriodOf(Control control, Nonconformity nonconformity)
    {
        if (nonconformity.Source == NonconformitySource.NotOperating && nonconformity.SourceRef.Split(':') is [_, var key]) return key;
        return ReportingPeriod.Containing(control.Cadence, policy.Today(nonconformity.RaisedAt)).Key;
    }

    private async Task<(List<Control> Controls, List<RequirementDecision> Decisions, Dictionary<string, string> Names)> LibraryAsync(CancellationToken cancellationToken)
    {
        var controls = (await store.ListAsync<Control>(cancellationToken)).Select(s => s.Document).ToList();
        var decisions = (await store.ListAsync<RequirementDecision>(cancellationToken)).Select(s => s.Document).ToList();
        var names = (await store.ListAsync<Person>(cancellationToken)).ToDictionary(p => p.Document.Id, p => p.Document.DisplayName, StringComparer.OrdinalIgnoreCase);
        return (controls, decisions, names);
    }
}
