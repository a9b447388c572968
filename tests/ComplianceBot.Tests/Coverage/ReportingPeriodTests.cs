using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;

namespace ComplianceBot.Tests.Coverage;

public class ReportingPeriodTests
{
    [Theory]
    [InlineData(Cadence.Monthly, "2026-11-28", "2026-11", "2026-11-01", "2026-11-30")]
    [InlineData(Cadence.Quarterly, "2026-11-28", "2026-Q4", "2026-10-01", "2026-12-31")]
    [InlineData(Cadence.Semiannual, "2026-03-31", "2026-H1", "2026-01-01", "2026-06-30")]
    [InlineData(Cadence.Annual, "2026-07-04", "2026", "2026-01-01", "2026-12-31")]
    public void Period_containing_a_day_follows_the_cadence(Cadence cadence, string day, string key, string start, string end)
    {
        var period = ReportingPeriod.Containing(cadence, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(key, period.Key);
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), period.Start);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), period.End);
    }

    [Fact]
    public void Previous_period_crosses_the_year()
    {
        Assert.Equal("2025-Q4", ReportingPeriod.Containing(Cadence.Quarterly, new DateOnly(2026, 2, 1)).Previous.Key);
        Assert.Equal("2025-12", ReportingPeriod.Containing(Cadence.Monthly, new DateOnly(2026, 1, 31)).Previous.Key);
    }

    [Fact]
    public void Due_date_never_falls_after_the_period()
    {
        var february = ReportingPeriod.Containing(Cadence.Monthly, new DateOnly(2026, 2, 10));
        Assert.Equal(new DateOnly(2026, 2, 14), february.DueOn(14));
        Assert.Equal(new DateOnly(2026, 2, 28), february.DueOn(45));
    }

    [Fact]
    public void Weeks_are_ISO_weeks()
    {
        Assert.Equal("2026-W48", CoverageHistory.WeekOf(new DateOnly(2026, 11, 28)));
        Assert.Equal("2026-W53", CoverageHistory.WeekOf(new DateOnly(2027, 1, 1)));
    }

    [Fact]
    public void Requirement_ids_sort_numerically()
    {
        string[] ids = ["5.10", "5.2", "CC10.1", "CC2.1", "8.1", "A1.1"];
        Assert.Equal(["5.2", "5.10", "8.1", "A1.1", "CC2.1", "CC10.1"], ids.Order(RequirementIdComparer.Instance));
    }
}
