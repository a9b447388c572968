using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Coverage;

/// <summary>
/// Decides whether one control is effective. The answer in force is the current period's; until the current
/// period's due date the previous period's answer still stands. Effective = in-force answer "operating" and
/// unexpired evidence whose effective date lies within the control's freshness window.
/// </summary>
public static class ControlEvaluator
{
    public static ControlStatus Evaluate(
        Control control,
        DateOnly today,
        CompliancePolicy policy,
        Func<string, Attestation?> attestationById,
        EvidenceFreshness? evidence,
        string? ownerName)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(attestationById);

        var current = ReportingPeriod.Containing(control.Cadence, today);
        var answer = Answered(attestationById(Attestation.IdFor(control.Id, current.Key)));
        var overdue = false;
        if (answer is null)
        {
            if (today <= current.DueOn(policy.AttestationDueDays))
            {
                answer = Answered(attestationById(Attestation.IdFor(control.Id, current.Previous.Key)));
            }
            else
            {
                overdue = true;
            }
        }

        var (state, finding) = answer?.Result switch
        {
            null => (ControlState.Gap, overdue ? ControlFinding.AttestationOverdue : ControlFinding.NotAttested),
            AttestationResult.NotApplicable => (ControlState.NotApplicable, ControlFinding.AttestedNotApplicable),
            AttestationResult.NotOperating => (ControlState.Gap, ControlFinding.NotOperating),
            AttestationResult.Partially => (ControlState.Partial, ControlFinding.PartiallyOperating),
            _ when evidence is null => (ControlState.Partial, ControlFinding.NoEvidence),
            _ when today.DayNumber - evidence.LatestEffectiveOn.DayNumber > control.FreshnessDays =>
                (ControlState.Partial, ControlFinding.EvidenceStale),
            _ => (ControlState.Effective, ControlFinding.None),
        };

        return new ControlStatus(
            control.Id, control.Name, state, finding, control.OwnerId, ownerName,
            answer?.Period, answer?.Result, evidence?.LatestEffectiveOn);
    }

    /// <summary>The period keys whose attestations can be in force on <paramref name="today"/>.</summary>
    public static IReadOnlyCollection<string> PeriodsInPlay(DateOnly today)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cadence in Enum.GetValues<Cadence>())
        {
            var current = ReportingPeriod.Containing(cadence, today);
            keys.Add(current.Key);
            keys.Add(current.Previous.Key);
        }

        return keys;
    }

    private static Attestation? Answered(Attestation? attestation) =>
        attestation is { Status: AttestationStatus.Answered, Result: not null } ? attestation : null;
}
