using System.Globalization;

namespace ComplianceBot.Core.Periods;

/// <summary>
/// The span an operating (SOC 2 Type 2) view looks over: every period of a control's cadence that ends within it is
/// expected to have operated. Both days are included.
/// </summary>
public readonly record struct ObservationWindow(DateOnly From, DateOnly To)
{
    /// <summary>Longer windows are refused: an audit period is a year at most, and three leaves room for a look back.</summary>
    public const int MaxDays = 3 * 366;

    /// <summary>Without a configured window: the twelve calendar months that ended before <paramref name="today"/>'s month.</summary>
    public static ObservationWindow TwelveMonthsBefore(DateOnly today)
    {
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        return new ObservationWindow(monthStart.AddMonths(-12), monthStart.AddDays(-1));
    }

    /// <summary>Reads a window from two yyyy-MM-dd days; the error names what is wrong.</summary>
    public static bool TryParse(string? from, string? to, out ObservationWindow window, out string? error)
    {
        window = default;
        error = null;
        if (!Days.TryParse(from, out var start)) error = $"'from' must be a day written yyyy-MM-dd, e.g. 2026-01-01.";
        else if (!Days.TryParse(to, out var end)) error = $"'to' must be a day written yyyy-MM-dd, e.g. 2026-12-31.";
        else return TryCreate(start, end, out window, out error);
        return false;
    }

    public static bool TryCreate(DateOnly from, DateOnly to, out ObservationWindow window, out string? error)
    {
        window = new ObservationWindow(from, to);
        error = to < from ? "The window ends before it starts: 'to' must be on or after 'from'."
            : to.DayNumber - from.DayNumber + 1 > MaxDays ? $"The window is longer than {MaxDays} days; observe at most three years at a time."
            : null;
        return error is null;
    }

    /// <summary>The periods of <paramref name="cadence"/> that end within the window, oldest first.</summary>
    public IEnumerable<ReportingPeriod> PeriodsEnding(Records.Cadence cadence)
    {
        for (var period = ReportingPeriod.Containing(cadence, From); period.End <= To; period = period.Next)
        {
            if (period.End >= From) yield return period;
        }
    }

    public override string ToString() =>
        $"{From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
