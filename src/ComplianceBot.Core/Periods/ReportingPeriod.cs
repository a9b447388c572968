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

    public ReportingPeriod Next => Containing(Cadence, End.AddDays(1));

    /// <summary>The period that ended last before <paramref name="day"/>: the one an attestation on that day is about.</summary>
    public static ReportingPeriod LatestClosed(Cadence cadence, DateOnly day) => Containing(cadence, day).Previous;

    /// <summary>Reads a period key of the given cadence (2026-11, 2026-Q4, 2026-H2, 2026).</summary>
    public static bool TryParse(string? key, Cadence cadence, out ReportingPeriod period)
    {
        period = default;
        if (string.IsNullOrEmpty(key) || key.Length < 4 || !int.TryParse(key.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || year is < 2000 or > 2999) return false;
        var rest = key.AsSpan(4);
        int? month = cadence switch
        {
            Cadence.Annual when rest.IsEmpty => 1,
            Cadence.Monthly when rest.Length == 3 && rest[0] == '-' && int.TryParse(rest[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 12 => m,
            Cadence.Quarterly when rest.Length == 3 && rest[..2].SequenceEqual("-Q") && rest[2] is >= '1' and <= '4' => ((rest[2] - '1') * 3) + 1,
            Cadence.Semiannual when rest.Length == 3 && rest[..2].SequenceEqual("-H") && rest[2] is '1' or '2' => ((rest[2] - '1') * 6) + 1,
            _ => null,
        };
        if (month is null) return false;
        period = Containing(cadence, new DateOnly(year, month.Value, 1));
        return true;
    }

    public override string ToString() => Key;
}
