using ComplianceBot.Core.Library;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Validation;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Attesting;

public class AttestationBookTests
{
    [Fact]
    public async Task Attestation_by_non_owner_is_refused()
    {
        using var world = new TestWorld();
        await world.AddControlAsync("AC-01", owner: "olive@example.com");
        await Assert.ThrowsAsync<NotPermittedException>(() => world.Attestations.AnswerAsync(
            new AttestationAnswer("AC-01", "mallory@example.com", AttestationResult.Operating, null, [])));
        Assert.Equal(0, await world.Store.CountAsync<Attestation>());
    }

    [Fact]
    public async Task LookBack_a_delegate_answers_for_the_quarter_that_ended_and_late_answers_are_marked()
    {
        using var world = new TestWorld(); // 20 November 2026: 2026-Q3 ended on 30 September, its answer was due 7 October
        await world.AddControlAsync("AC-01", owner: "olive@example.com", delegateId: "dan@example.com");
        var answer = await world.Attestations.AnswerAsync(
            new AttestationAnswer("AC-01", "dan@example.com", AttestationResult.Operating, " fine ", []));
        Assert.Equal(("AC-01:2026-Q3", "2026-Q3", AttestationStatus.Answered, "fine"), (answer.Id, answer.Period, answer.Status, answer.Comment));
        Assert.Equal((new DateOnly(2026, 10, 7), true), (answer.DueOn, answer.Late));
        Assert.EndsWith(" late", (await world.Store.FindLastAuditEventAsync())!.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookBack_an_answer_on_its_due_date_is_not_late_and_one_a_day_after_is()
    {
        using var world = new TestWorld(); // 20 November 2026, 09:00 UTC
        // Monthly, slot 13 of the 21-day window: October's answer is due 31 October + 7 + 13 days = 20 November.
        var control = await world.AddControlAsync("AC-01", owner: "olive@example.com");
        await world.Store.UpsertAsync(control with { Cadence = Cadence.Monthly, DueSlot = 13 });
        var onTime = await world.Attestations.AnswerAsync(new AttestationAnswer("AC-01", "olive@example.com", AttestationResult.Operating, null, []));
        Assert.Equal(("2026-10", new DateOnly(2026, 11, 20), false), (onTime.Period, onTime.DueOn, onTime.Late));

        world.Time.Advance(TimeSpan.FromHours(15)); // 00:00 on 21 November
        var corrected = await world.Attestations.AnswerAsync(new AttestationAnswer("AC-01", "olive@example.com", AttestationResult.Operating, null, [], "2026-10"));
        Assert.Equal(("2026-10", true), (corrected.Period, corrected.Late));
    }

    [Theory]
    [InlineData("2026-Q4", "2026-Q4 has not ended yet")]
    [InlineData("2026-11", "not a quarterly period")]
    [InlineData("2026-Q9", "not a quarterly period")]
    public async Task LookBack_a_period_that_has_not_ended_or_is_not_the_controls_is_refused_naming_the_period(string period, string message)
    {
        using var world = new TestWorld();
        await world.AddControlAsync("AC-01", owner: "olive@example.com");
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Attestations.AnswerAsync(
            new AttestationAnswer("AC-01", "olive@example.com", AttestationResult.Operating, null, [], period)));
        Assert.Equal("period", error.Errors.Single().Field);
        Assert.Contains(message, error.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal(0, await world.Store.CountAsync<Attestation>());
    }

    [Fact]
    public async Task LookBack_in_the_starter_library_no_day_has_more_than_a_tenth_of_a_quarters_attestations_due()
    {
        // On 1 January every cadence's period has just ended: all 72 starter controls are asked at once.
        var today = new DateOnly(2027, 1, 1);
        var dues = StarterLibrary.Controls
            .Select(c => CompliancePolicy.Default.DueOn(c, CompliancePolicy.Default.PeriodToAttest(c, today)!.Value))
            .ToList();
        Assert.Equal(72, dues.Count);
        Assert.True(dues.CountBy(d => d).Max(g => g.Value) <= dues.Count / 10, string.Join(", ", dues.CountBy(d => d).OrderBy(g => g.Key).Select(g => $"{g.Key:MM-dd}×{g.Value}")));
        Assert.All(dues, d => Assert.InRange(d, new DateOnly(2027, 1, 7), new DateOnly(2027, 1, 21))); // within the 21-day window, 7 days' lead

        // After 1 October only the quarterly and monthly controls are asked; their spread holds too.
        var october = StarterLibrary.Controls.Where(c => c.Cadence is Cadence.Quarterly or Cadence.Monthly)
            .Select(c => CompliancePolicy.Default.DueOn(c, CompliancePolicy.Default.PeriodToAttest(c, new DateOnly(2026, 10, 1))!.Value)).ToList();
        Assert.True(october.CountBy(d => d).Max(g => g.Value) <= Math.Max(1, october.Count / 10));

        // Stable from period to period: the same day of the window every quarter.
        var control = StarterLibrary.Controls.First(c => c.Cadence == Cadence.Quarterly);
        var q3 = CompliancePolicy.Default.DueOn(control, ReportingPeriod.LatestClosed(Cadence.Quarterly, new DateOnly(2026, 10, 1)));
        var q4 = CompliancePolicy.Default.DueOn(control, ReportingPeriod.LatestClosed(Cadence.Quarterly, new DateOnly(2027, 1, 1)));
        Assert.Equal(q3.DayNumber - new DateOnly(2026, 9, 30).DayNumber, q4.DayNumber - new DateOnly(2026, 12, 31).DayNumber);
    }

    [Fact]
    public async Task Not_operating_requires_a_comment()
    {
        using var world = new TestWorld();
        await world.AddControlAsync("AC-01", owner: "olive@example.com");
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Attestations.AnswerAsync(
            new AttestationAnswer("AC-01", "olive@example.com", AttestationResult.NotOperating, "  ", [])));
        Assert.Equal("comment", error.Errors.Single().Field);
    }

    [Fact]
    public async Task A_later_answer_replaces_the_earlier_one_in_the_same_period()
    {
        using var world = new TestWorld();
        await world.AddControlAsync("AC-01", owner: "olive@example.com");
        await world.Attestations.AnswerAsync(new AttestationAnswer("AC-01", "olive@example.com", AttestationResult.NotOperating, "Reviews skipped.", []));
        world.Time.Advance(TimeSpan.FromDays(3));
        await world.Attestations.AnswerAsync(new AttestationAnswer("AC-01", "olive@example.com", AttestationResult.Operating, null, []));

        var stored = Assert.Single(await world.Store.ListAsync<Attestation>()).Document;
        Assert.Equal((AttestationResult.Operating, (string?)null), (stored.Result, stored.Comment));
        Assert.Equal(2, (await world.Store.ListAsync<AuditEvent>()).Count(e => e.Document.Action == "attestation.answered"));
    }

    [Fact]
    public async Task Requesting_twice_creates_one_request()
    {
        using var world = new TestWorld();
        var control = await world.AddControlAsync("AC-01", owner: "olive@example.com");
        var (first, created) = await world.Attestations.RequestAsync(control);
        var (second, createdAgain) = await world.Attestations.RequestAsync(control);
        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first!.Id, second!.Id);
        Assert.Equal(1, await world.Store.CountAsync<Attestation>());
    }
}
