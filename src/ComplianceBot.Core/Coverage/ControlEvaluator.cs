using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Coverage;

/// <summary>
/// Decides whether one control is effective. Attestations look back, so the answer in force is the one for the
/// latest period that has ended; until that answer's due date the period before still stands. Effective = the
/// answer in force says the control operated, and evidence is dated within its period (or within the control's
/// freshness window before the period's end) and had not expired by then.
/// </summary>
public static class ControlEvaluator
{
    /// <param name="evidenceAsOf">Per control, its newest evidence effective on or before a day and not expired then.</param>
    public static ControlStatus Evaluate(
        Control control,
        DateOnly today,
        CompliancePolicy policy,
        Func<string, Attestation?> attestationById,
        Func<DateOnly, EvidenceFreshness?> evidenceAsOf,
        string? ownerName)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(attestationById);
        ArgumentNullException.ThrowIfNull(evidenceAsOf);

        var period = ReportingPeriod.LatestClosed(control.Cadence, today);
        var answer = Answered(attestationById(Attestation.IdFor(control.Id, period.Key)));
        var overdue = false;
        if (answer is null)
        {
            if (today <= policy.DueOn(control, period))
            {
                period = period.Previous;
                answer = Answered(attestationById(Attestation.IdFor(control.Id, period.Key)));
            }
            else
            {
                // A period before the control came into use was never asked for.
                overdue = !policy.IsBeforeFirst(control, period);
            }
        }

        var evidence = answer is null ? null : evidenceAsOf(period.End);
        var (state, finding) = answer?.Result switch
        {
            null => (ControlState.Gap, overdue ? ControlFinding.AttestationOverdue : ControlFinding.NotAttested),
            AttestationResult.NotApplicable => answer.Approval switch
            {
                NotApplicableApproval.Approved or null => (ControlState.NotApplicable, ControlFinding.AttestedNotApplicable),
                NotApplicableApproval.Rejected => (ControlState.Gap, ControlFinding.NotApplicableRejected),
                _ => (ControlState.Gap, ControlFinding.NotApplicablePendingApproval),
            },
            AttestationResult.NoOccurrences => (ControlState.Effective, ControlFinding.NoOccurrences), // nothing to run on: operated
            AttestationResult.NotOperating => (ControlState.Gap, ControlFinding.NotOperating),
            AttestationResult.Partially => (ControlState.Partial, ControlFinding.PartiallyOperating),
            _ when evidence is null => (ControlState.Partial, ControlFinding.NoEvidence),
            _ when evidence.LatestEffectiveOn < EvidenceFrom(control, period) => (ControlState.Partial, ControlFinding.EvidenceStale),
            _ => (ControlState.Effective, ControlFinding.None),
        };

        return new ControlStatus(
            control.Id, control.Name, state, finding, control.OwnerId, ownerName,
            answer?.Period, answer?.Result, evidence?.LatestEffectiveOn);
    }

    /// <summary>
    /// The earliest effective date of evidence that supports <paramref name="period"/>: the period's start, or the
    /// control's freshness window before its end when that reaches further back.
    /// </summary>
    public static DateOnly EvidenceFrom(Control control, ReportingPeriod period)
    {
        ArgumentNullException.ThrowIfNull(control);
        var windowStart = period.End.AddDays(-control.FreshnessDays);
        return windowStart < period.Start ? windowStart : period.Start;
    }

    /// <summary>The periods whose attestations can be in force on <paramref name="today"/>: per cadence, the latest closed and the one before.</summary>
    public static IReadOnlyCollection<ReportingPeriod> PeriodsInPlay(DateOnly today)
    {
        var periods = new HashSet<ReportingPeriod>();
        foreach (var cadence in Enum.GetValues<Cadence>())
        {
            var latest = ReportingPeriod.LatestClosed(cadence, today);
            periods.Add(latest);
            periods.Add(latest.Previous);
        }

        return periods;
    }

    /// <summary>The keys of <see cref="PeriodsInPlay"/>, to read their attestations.</summary>
    public static IReadOnlyCollection<string> PeriodKeysInPlay(DateOnly today) =>
        PeriodsInPlay(today).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);

    private static Attestation? Answered(Attestation? attestation) =>
        attestation is { Status: AttestationStatus.Answered, Result: not null } ? attestation : null;
}
