using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Coverage;

/// <summary>
/// Pure coverage arithmetic. A requirement is covered when every mapped control is effective, partial when
/// some are, a gap when none are or none are mapped, and excluded when the organisation marked it not
/// applicable. Controls attested "not applicable" (once a compliance admin approved it) drop out of the requirements
/// they map to; a requirement all of whose controls dropped out is excluded by its controls until the Statement of
/// Applicability confirms it.
/// </summary>
public static class CoverageCalculator
{
    public const string ExcludedByControlsNote = "Excluded by its controls (all approved not applicable): confirm in the Statement of Applicability.";

    public static CoverageReport Compute(FrameworkCatalog catalog, CompliancePolicy policy, CoverageInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(inputs);

        var today = policy.Today(inputs.AsOf);
        var attestations = CoverageEngine.ById(inputs.Attestations);
        var names = inputs.People.ToDictionary(p => p.Id, p => p.DisplayName, StringComparer.OrdinalIgnoreCase);
        var statuses = inputs.Controls
            .Select(c => ControlEvaluator.Evaluate(
                c, today, policy, attestations.GetValueOrDefault, day => inputs.Evidence.Find(c.Id, day),
                c.OwnerId is null ? null : names.GetValueOrDefault(c.OwnerId)))
            .ToList();
        var statusById = statuses.ToDictionary(s => s.ControlId, StringComparer.OrdinalIgnoreCase);
        var decisions = inputs.Decisions.ToDictionary(d => d.Id, StringComparer.OrdinalIgnoreCase);

        var frameworks = catalog.All
            .Select(f => ForFramework(f, FrameworkCatalog.InScope(f, policy.Soc2Scope), inputs.Controls, statusById, decisions))
            .ToList();
        return new CoverageReport(inputs.AsOf, frameworks, statuses);
    }

    private static FrameworkCoverage ForFramework(
        Framework framework,
        IReadOnlyList<Requirement> inScope,
        IReadOnlyList<Control> controls,
        Dictionary<string, ControlStatus> statusById,
        Dictionary<string, RequirementDecision> decisions)
    {
        var mapped = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var supporting = new HashSet<(string Requirement, string Control)>();
        foreach (var control in controls)
        {
            foreach (var requirementId in control.MappedTo(framework.Id))
            {
                if (!mapped.TryGetValue(requirementId, out var list))
                {
                    mapped[requirementId] = list = [];
                }

                list.Add(control.Id);
                if (!control.IsPrimaryFor(framework.Id, requirementId)) supporting.Add((requirementId.ToUpperInvariant(), control.Id));
            }
        }

        var requirements = inScope.Select(requirement =>
        {
            var controlIds = mapped.GetValueOrDefault(requirement.Id) ?? [];
            var decision = decisions.GetValueOrDefault(RequirementDecision.IdFor(framework.Id, requirement.Id));
            if (decision is { Applicable: false })
            {
                return new RequirementCoverage(requirement, RequirementState.Excluded, controlIds, [], decision.Justification);
            }

            var relevant = controlIds.Select(id => statusById[id]).Where(s => s.State != ControlState.NotApplicable).ToList();
            if (controlIds.Count > 0 && relevant.Count == 0)
            {
                // Every mapped control is approved "not applicable": out of the percentage, but it is a decision about
                // the requirement, so it waits for the Statement of Applicability (and the admins' tasks list it).
                return new RequirementCoverage(requirement, RequirementState.ExcludedByControls, controlIds, [], ExcludedByControlsNote);
            }

            // Covered only when the controls that carry it (its primary mappings) are all effective; a supporting
            // control adds to "partial" but neither covers a requirement alone nor holds it back.
            var primary = relevant.Where(s => !supporting.Contains((requirement.Id.ToUpperInvariant(), s.ControlId))).ToList();
            var effective = relevant.Count(s => s.State == ControlState.Effective);
            var state = relevant.Count == 0 || effective == 0 ? RequirementState.Gap
                : primary.Count > 0 && primary.All(s => s.State == ControlState.Effective) ? RequirementState.Covered
                : RequirementState.Partial;
            var failing = (primary.Count > 0 ? primary : relevant).Where(s => s.State != ControlState.Effective).ToList();
            return new RequirementCoverage(requirement, state, controlIds, failing, decision?.Justification);
        }).ToList();

        var excluded = requirements.Count(r => r.State is RequirementState.Excluded or RequirementState.ExcludedByControls);
        var covered = requirements.Count(r => r.State == RequirementState.Covered);
        var applicable = requirements.Count - excluded;
        return new FrameworkCoverage(
            framework.Id,
            framework.Name,
            requirements.Count,
            excluded,
            covered,
            requirements.Count(r => r.State == RequirementState.Partial),
            requirements.Count(r => r.State == RequirementState.Gap),
            applicable == 0 ? 100 : Math.Round(100.0 * covered / applicable, 1),
            requirements);
    }
}
