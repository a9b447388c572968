using System.Globalization;
using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Periods;

/// <summary>The calendar period a control is attested for, derived from its cadence.</summary>
public readonly record struct ReportingPeriod(Cadence Cadence, DateOnly Start, DateOnly End)
{
    /// <summary>2026-11 (monthly), 2026-Q4, 2026-H2, 2026 (annual).</summary>
    public string Key => Cadence switch
    {
        Cadence.Monthly => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        Cadence.Quarterly => $"{Start.Year}-Q{((Start.Month - 1) / 3) + 1}",
        Cadence.Semiannual => $"{Start.Year}-H{((Start.Month - 1) / 6) + 1}",
        _ => Start.Year.ToString(CultureInfo.InvariantCulture),
    };

    public ReportingPeriod Previous => Containing(Cadence, Start.AddDays(-1));

    public static ReportingPeriod Containing(Cadence cadence, DateOnly day)
    {
        var months = cadence switch
        {
            Cadence.Monthly => 1,
            Cadence.Quarterly => 3,
            Cadence.Semiannual => 6,
            _ => 12,
        };
        var start = new DateOnly(day.Year, (((day.Month - 1) / months) * months) + 1, 1);
        return new ReportingPeriod(cadence, start, start.AddMonths(months).AddDays(-1));
    }

    /// <summary>Answers are due <paramref name="dueDays"/> days into the period, and never after its end.</summary>
    public DateOnly DueOn(int dueDays)
    {
        var due = Start.AddDays(Math.Max(dueDays, 1) - 1);
        return due > End ? End : due;
    }

    public override string ToString() => Key;
}
