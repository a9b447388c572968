using ComplianceBot.Core.Records;
using ComplianceBot.Core.Frameworks;

namespace ComplianceBot.Core.Periods;

/// <summary>The organisation's choices that the coverage engine and the jobs apply.</summary>
/// <param name="TimeZone">Decides which calendar day "today" is for periods, due dates and freshness.</param>
/// <param name="AttestationDueDays">
/// The answer window: attestations look back on a period that has ended, are asked for the day after it closes,
/// and fall due within this many days of its end.
/// </param>
/// <param name="ObservationWindow">The audit period operating readiness looks over; without one, the last twelve months.</param>
/// <param name="StartDate">
/// The day the organisation began operating its controls, when configured: the starter library is attested from
/// the period containing it (a day in the past for an organisation that ran its controls before, a future go-live
/// day otherwise). Without it, controls start on the day they enter the library.
/// </param>
public sealed record CompliancePolicy(
    Soc2Scope Soc2Scope, TimeZoneInfo TimeZone, int AttestationDueDays = 21, ObservationWindow? ObservationWindow = null, DateOnly? StartDate = null)
{
    /// <summary>No answer falls due sooner than this many days after its period closed (or at the window's end, if shorter).</summary>
    public const int MinimumLeadDays = 7;

    public static CompliancePolicy Default { get; } = new(Soc2Scope.SecurityOnly, TimeZoneInfo.Utc);

    public DateOnly Today(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>The window operating readiness looks over on <paramref name="today"/>: the configured one, or the last twelve calendar months.</summary>
    public ObservationWindow WindowOn(DateOnly today) => ObservationWindow ?? Periods.ObservationWindow.TwelveMonthsBefore(today);

    /// <summary>
    /// The period a control is attested for on <paramref name="today"/>: the latest that has ended, unless that is
    /// before the control's first period (then null: nothing to attest yet, nothing overdue).
    /// </summary>
    public ReportingPeriod? PeriodToAttest(Control control, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(control);
        var latest = ReportingPeriod.LatestClosed(control.Cadence, today);
        return IsBeforeFirst(control, latest) ? null : latest;
    }

    /// <summary>
    /// The control's first attested period: the one containing the day it came into use (for controls stored before
    /// that was kept, the configured start); null when neither is known: any period.
    /// </summary>
    public ReportingPeriod? FirstPeriod(Control control)
    {
        ArgumentNullException.ThrowIfNull(control);
        return (control.ActiveFrom ?? StartDate) is { } day ? ReportingPeriod.Containing(control.Cadence, day) : null;
    }

    /// <summary>The day a control entering the library now comes into use: the starter library from the configured start, others from today (or a later go-live).</summary>
    public DateOnly ActiveFromFor(bool starter, DateOnly today) =>
        starter ? StartDate ?? today : StartDate is { } start && start > today ? start : today;

    /// <summary>Whether <paramref name="period"/> ended before the control's first period began: never asked for, never overdue.</summary>
    public bool IsBeforeFirst(Control control, ReportingPeriod period) => FirstPeriod(control) is { } first && period.End < first.Start;

    /// <summary>
    /// When <paramref name="control"/>'s attestation for <paramref name="period"/> is due: between
    /// <see cref="MinimumLeadDays"/> and <see cref="AttestationDueDays"/> days after the period's end, on a day
    /// picked by the control's place in the library, so that a campaign's answers do not all fall due together
    /// and each control keeps its day from period to period.
    /// </summary>
    public DateOnly DueOn(Control control, ReportingPeriod period)
    {
        ArgumentNullException.ThrowIfNull(control);
        var window = Math.Max(AttestationDueDays, 1);
        var lead = Math.Min(MinimumLeadDays, window);
        var spread = window - lead + 1;
        var slot = control.DueSlot ?? StableSlot(control.Id);
        return period.End.AddDays(lead + (int)((uint)slot % (uint)spread));
    }

    /// <summary>For controls stored before due slots were given: a slot from the id, the same in every process.</summary>
    private static int StableSlot(string id)
    {
        var hash = 2166136261u;
        foreach (var c in id) hash = (hash ^ c) * 16777619u;
        return (int)(hash & 0x7FFFFFFF);
    }
}
