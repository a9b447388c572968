using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Coverage;

/// <summary>
/// How one control operated over an observation window, period by period (what a SOC 2 Type 2 auditor tests). A
/// period is expected when it ends within the window and its answer is due by today, or it was answered already.
/// It operated when the answer says so and approved evidence supports it (or nothing occurred, for a control that
/// runs on events). Late answers are exceptions but still count as operated; approved "not applicable" periods are
/// not expected. A nonconformity of the control not yet verified closed is an exception of the period it concerns.
/// </summary>
public static class OperatingHistory
{
    /// <param name="approvedAsOf">The control's newest approved evidence effective on or before a day and not expired then.</param>
    /// <param name="rejectedFor">Whether the control has rejected evidence that would have supported a period.</param>
    /// <param name="openNonconformities">The control's nonconformities not closed, with the period key each concerns.</param>
    public static ControlHistory For(
        Control control,
        ObservationWindow window,
        DateOnly today,
        CompliancePolicy policy,
        Func<string, Attestation?> attestationById,
        Func<DateOnly, EvidenceFreshness?> approvedAsOf,
        Func<ReportingPeriod, bool> rejectedFor,
        IReadOnlyList<(string Id, string Period)>? openNonconformities = null)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(attestationById);
        ArgumentNullException.ThrowIfNull(approvedAsOf);
        ArgumentNullException.ThrowIfNull(rejectedFor);

        var periods = new List<PeriodHistory>();
        foreach (var period in window.PeriodsEnding(control.Cadence))
        {
            if (period.End >= today) break;
            if (policy.IsBeforeFirst(control, period)) continue; // before the control came into use: never asked for
            var due = policy.DueOn(control, period);
            var attestation = attestationById(Attestation.IdFor(control.Id, period.Key));
            var answer = attestation is { Status: AttestationStatus.Answered, Result: not null } ? attestation : null;
            if (answer is null && today <= due) continue; // still within its answer window: not expected yet

            var exceptions = new List<OperatingDeviation>();
            if (answer?.Late == true) exceptions.Add(OperatingDeviation.Late);
            var evidence = approvedAsOf(period.End);
            var supported = evidence is not null && evidence.LatestEffectiveOn >= ControlEvaluator.EvidenceFrom(control, period);
            var outcome = answer?.Result switch
            {
                null => Fail(exceptions, OperatingDeviation.Missing),
                AttestationResult.NotApplicable => answer.Approval switch
                {
                    NotApplicableApproval.Approved or null => PeriodOutcome.NotApplicable,
                    NotApplicableApproval.Rejected => Fail(exceptions, OperatingDeviation.NotApplicableRejected),
                    _ => Fail(exceptions, OperatingDeviation.NotApplicablePending),
                },
                AttestationResult.NoOccurrences => PeriodOutcome.NoOccurrences,
                AttestationResult.NotOperating => Fail(exceptions, OperatingDeviation.NotOperating),
                AttestationResult.Partially => Fail(exceptions, OperatingDeviation.Partially),
                _ when supported => PeriodOutcome.Operated,
                _ => Fail(exceptions, rejectedFor(period) ? OperatingDeviation.EvidenceRejected : OperatingDeviation.EvidenceMissing),
            };
            if (openNonconformities?.Any(n => n.Period == period.Key) == true) exceptions.Add(OperatingDeviation.NonconformityOpen);
            periods.Add(new PeriodHistory(period.Key, period.Start, period.End, due, answer?.Result, answer?.AnsweredAt, outcome, supported ? evidence!.LatestEffectiveOn : null, exceptions));
        }

        return new ControlHistory(control.Id, control.Name, control.OwnerId, control.Cadence, control.EventDriven, periods);
    }

    private static PeriodOutcome Fail(List<OperatingDeviation> exceptions, OperatingDeviation exception)
    {
        exceptions.Add(exception);
        return PeriodOutcome.NotOperated;
    }
}

/// <summary>One control over the window. Counts are of expected periods.</summary>
public sealed record ControlHistory(
    string ControlId, string Name, string? OwnerId, Cadence Cadence, bool EventDriven, IReadOnlyList<PeriodHistory> Periods)
{
    /// <summary>Periods expected to have operated (approved "not applicable" ones are not).</summary>
    public int Expected => Periods.Count(p => p.Outcome != PeriodOutcome.NotApplicable);

    public int Answered => Periods.Count(p => p.Answer is not null && p.Outcome != PeriodOutcome.NotApplicable);

    /// <summary>Operated with approved evidence, or nothing occurred.</summary>
    public int Operated => Periods.Count(p => p.Outcome is PeriodOutcome.Operated or PeriodOutcome.NoOccurrences);

    public int NoOccurrences => Periods.Count(p => p.Outcome == PeriodOutcome.NoOccurrences);

    public int NotApplicable => Periods.Count(p => p.Outcome == PeriodOutcome.NotApplicable);

    public int Exceptions => Periods.Sum(p => p.Exceptions.Count);

    public OperatingVerdict Verdict =>
        Expected == 0 ? (NotApplicable > 0 ? OperatingVerdict.NotApplicable : OperatingVerdict.NothingInWindow)
        : Operated == Expected ? OperatingVerdict.Operated
        : OperatingVerdict.NotOperated;
}

/// <param name="EvidenceOn">The newest approved evidence that supports the period, if any.</param>
public sealed record PeriodHistory(
    string Period, DateOnly Start, DateOnly End, DateOnly DueOn, AttestationResult? Answer, DateTimeOffset? AnsweredAt,
    PeriodOutcome Outcome, DateOnly? EvidenceOn, IReadOnlyList<OperatingDeviation> Exceptions);

public enum PeriodOutcome
{
    Operated,
    NoOccurrences,
    NotOperated,
    NotApplicable,
}

public enum OperatingDeviation
{
    /// <summary>No answer by the due date.</summary>
    Missing,
    Late,
    NotOperating,
    Partially,

    /// <summary>Answered "operated", but no evidence supports the period.</summary>
    EvidenceMissing,

    /// <summary>Answered "operated", but the period's evidence was rejected and none approved.</summary>
    EvidenceRejected,
    NotApplicablePending,
    NotApplicableRejected,

    /// <summary>A nonconformity about the period is open or waiting for its corrective action to be verified.</summary>
    NonconformityOpen,
}

public enum OperatingVerdict
{
    /// <summary>Every expected period in the window operated with approved evidence.</summary>
    Operated,
    NotOperated,

    /// <summary>No period of the control's cadence has ended (and fallen due) within the window.</summary>
    NothingInWindow,
    NotApplicable,
}
