using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Coverage;

/// <summary>
/// Readiness arithmetic per framework: a requirement is ready when at least one mapped control is judged and every
/// judged control is ready. Controls with nothing to judge (no period in the window, or not applicable for all of
/// it) neither help nor hurt; requirements the organisation marked not applicable are excluded.
/// </summary>
public static class ReadinessCalculator
{
    /// <summary>A control's standing in a view: null when there is nothing to judge, else the reason it is short ("" when ready).</summary>
    public delegate string? Judge(Control control);

    public static IReadOnlyList<FrameworkReadiness> Compute(
        FrameworkCatalog catalog,
        CompliancePolicy policy,
        IReadOnlyList<Control> controls,
        IReadOnlyList<RequirementDecision> decisions,
        IReadOnlyDictionary<string, string> ownerNames,
        Judge judge)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(judge);
        var verdicts = controls.ToDictionary(c => c.Id, c => (Control: c, Shortfall: judge(c)), StringComparer.OrdinalIgnoreCase);
        var excluded = decisions.Where(d => !d.Applicable).Select(d => d.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);

        return catalog.All.Select(framework =>
        {
            var mapped = controls
                .SelectMany(c => c.MappedTo(framework.Id).Select(r => (Requirement: r, Control: c.Id)))
                .ToLookup(m => m.Requirement, m => m.Control, StringComparer.OrdinalIgnoreCase);
            var requirements = FrameworkCatalog.InScope(framework, policy.Soc2Scope).Select(requirement =>
            {
                var ids = mapped[requirement.Id].ToList();
                if (excluded.Contains(RequirementDecision.IdFor(framework.Id, requirement.Id)))
                    return new RequirementReadiness(requirement, false, true, ids, [], null);
                // Readiness rests on the controls that carry the requirement; supporting ones neither make nor break it.
                var carrying = ids.Where(id => verdicts[id].Control.IsPrimaryFor(framework.Id, requirement.Id)).ToList();
                var judged = carrying.Select(id => verdicts[id]).Where(v => v.Shortfall is not null).ToList();
                var gaps = judged.Where(v => v.Shortfall!.Length > 0)
                    .Select(v => new ReadinessGap(v.Control.Id, v.Control.Name, v.Control.OwnerId,
                        v.Control.OwnerId is null ? null : ownerNames.GetValueOrDefault(v.Control.OwnerId), v.Shortfall!))
                    .ToList();
                var note = ids.Count == 0 ? "No control maps to it."
                    : carrying.Count == 0 ? "Only supporting controls map to it."
                    : judged.Count == 0 ? "None of its controls has anything to show yet."
                    : null;
                return new RequirementReadiness(requirement, judged.Count > 0 && gaps.Count == 0, false, ids, gaps, note);
            }).ToList();

            var outOfScope = requirements.Count(r => r.Excluded);
            var ready = requirements.Count(r => r.Ready);
            var applicable = requirements.Count - outOfScope;
            return new FrameworkReadiness(framework.Id, framework.Name, requirements.Count, outOfScope, ready,
                applicable == 0 ? 100 : Math.Round(100.0 * ready / applicable, 1), requirements);
        }).ToList();
    }

    /// <summary>Why a control's operating history falls short, period by period ("" when it operated throughout).</summary>
    public static string? Shortfall(ControlHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Verdict switch
        {
            OperatingVerdict.NothingInWindow or OperatingVerdict.NotApplicable => null,
            OperatingVerdict.Operated => "",
            _ => string.Join("; ", history.Periods
                .Where(p => p.Outcome == PeriodOutcome.NotOperated)
                .Select(p => $"{p.Period} {string.Join(", ", p.Exceptions.Where(e => e != OperatingDeviation.Late).Select(Describe))}")),
        };
    }

    public static string Describe(OperatingDeviation exception) => exception switch
    {
        OperatingDeviation.Missing => "not answered",
        OperatingDeviation.Late => "answered late",
        OperatingDeviation.NotOperating => "did not operate",
        OperatingDeviation.Partially => "operated partially",
        OperatingDeviation.EvidenceMissing => "no approved evidence",
        OperatingDeviation.EvidenceRejected => "evidence rejected",
        OperatingDeviation.NotApplicablePending => "\"not applicable\" awaiting approval",
        OperatingDeviation.NonconformityOpen => "nonconformity open",
        _ => "\"not applicable\" rejected",
    };
}
