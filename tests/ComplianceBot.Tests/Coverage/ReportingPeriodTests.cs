using System.Globalization;
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

    [Theory]
    [InlineData(Cadence.Monthly, "2026-02", "2026-02-01", "2026-02-28")]
    [InlineData(Cadence.Quarterly, "2026-Q3", "2026-07-01", "2026-09-30")]
    [InlineData(Cadence.Semiannual, "2026-H2", "2026-07-01", "2026-12-31")]
    [InlineData(Cadence.Annual, "2026", "2026-01-01", "2026-12-31")]
    public void LookBack_period_keys_read_back_as_their_periods(Cadence cadence, string key, string start, string end)
    {
        Assert.True(ReportingPeriod.TryParse(key, cadence, out var period));
        Assert.Equal((DateOnly.Parse(start, CultureInfo.InvariantCulture), DateOnly.Parse(end, CultureInfo.InvariantCulture), key), (period.Start, period.End, period.Key));
    }

    [Theory]
    [InlineData(Cadence.Quarterly, "2026-Q5")]
    [InlineData(Cadence.Quarterly, "2026-11")]
    [InlineData(Cadence.Monthly, "2026-13")]
    [InlineData(Cadence.Monthly, "2026-Q1")]
    [InlineData(Cadence.Annual, "26")]
    [InlineData(Cadence.Semiannual, "2026-H3")]
    [InlineData(Cadence.Quarterly, "")]
    [InlineData(Cadence.Quarterly, "\ud800\ud800-Q1")]
    public void LookBack_keys_of_another_cadence_or_malformed_are_refused(Cadence cadence, string key) =>
        Assert.False(ReportingPeriod.TryParse(key, cadence, out _));

    [Fact]
    public void LookBack_the_period_to_attest_is_the_latest_that_has_ended()
    {
        Assert.Equal("2026-Q3", ReportingPeriod.LatestClosed(Cadence.Quarterly, new DateOnly(2026, 10, 1)).Key);
        Assert.Equal("2026-Q3", ReportingPeriod.LatestClosed(Cadence.Quarterly, new DateOnly(2026, 12, 31)).Key);
        Assert.Equal("2025", ReportingPeriod.LatestClosed(Cadence.Annual, new DateOnly(2026, 12, 5)).Key);
        Assert.Equal("2026-11", ReportingPeriod.LatestClosed(Cadence.Monthly, new DateOnly(2026, 12, 5)).Key);
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
