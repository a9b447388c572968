using System.Text;
using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Coverage;

/// <summary>
/// A year of operation on the fake clock, from January 2026 to the end of the next answer window (25 January 2027),
/// and the operating history over the 2026 window. Answers fall due 7 days after their period ends (due slot 0).
/// <list type="bullet">
/// <item>M-01, monthly (freshness 31 days), ISO 5.1: answered every month but March; June's only evidence was rejected;
/// September answered on 20 October, after its due date of 7 October.</item>
/// <item>E-01, quarterly, runs on events, ISO 5.24: operated in Q1 and Q3 with evidence, nothing occurred in Q2 and Q4.</item>
/// <item>Q-01, quarterly, ISO 5.15 and 5.1: operated every quarter with approved evidence.</item>
/// <item>A-01, annual, ISO 5.9: "not applicable" for 2026, approved.</item>
/// </list>
/// </summary>
public sealed class OperatingHistoryTests
{
    private static readonly ObservationWindow Year2026 = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));

    private static DateTimeOffset On(int year, int month, int day) => new(year, month, day, 9, 0, 0, TimeSpan.Zero);

    private static async Task<TestWorld> SimulatedYearAsync(DateTimeOffset until)
    {
        var world = new TestWorld(start: On(2026, 1, 2));
        var olive = await world.AddPersonAsync("olive@example.com", "Olive Owner");
        var ada = await world.AddPersonAsync("ada@example.com", "Ada Admin");
        ada = ada with { Roles = [Core.Conversations.ReminderConversation.ComplianceAdminRole] };
        await world.Store.UpsertAsync(ada);
        await world.AddControlAsync("M-01", olive.Id, null, "5.1");
        await world.Store.UpdateAsync<Control>("M-01", c => c with { Cadence = Cadence.Monthly, FreshnessDays = 31 });
        await world.AddControlAsync("E-01", olive.Id, null, "5.24");
        await world.Store.UpdateAsync<Control>("E-01", c => c with { EventDriven = true });
        await world.AddControlAsync("Q-01", olive.Id, null, "5.15", "5.1");
        await world.AddControlAsync("A-01", olive.Id, null, "5.9");
        await world.Store.UpdateAsync<Control>("A-01", c => c with { Cadence = Cadence.Annual });

        var steps = new List<(DateTimeOffset When, Func<Task> Act)>();
        async Task File(string control, DateOnly effective, bool approve)
        {
            var evidence = await world.Locker.FileAsync(new EvidenceUpload(
                new MemoryStream(Encoding.UTF8.GetBytes($"%PDF {control} {effective}")), $"{control}-{effective:yyyy-MM-dd}.pdf", "application/pdf",
                null, [control], effective, null, olive.Id, null));
            if (approve) await world.Reviews.ApproveAsync(evidence.Id, ada);
            else await world.Reviews.RejectAsync(evidence.Id, ada, "Screenshot of the wrong system");
        }

        Task Answer(string control, string period, AttestationResult result, int? occurrences = null, string? comment = null) =>
            world.Attestations.AnswerAsync(new AttestationAnswer(control, olive.Id, result, comment, [], period, occurrences));

        for (var month = 1; month <= 12; month++)
        {
            var m = month;
            var key = $"2026-{m:00}";
            var next = On(2026, m, 1).AddMonths(1);
            steps.Add((On(2026, m, 20), () => File("M-01", new DateOnly(2026, m, 20), approve: m != 6)));
            if (m == 9) steps.Add((On(2026, 10, 20), () => Answer("M-01", key, AttestationResult.Operating)));
            else if (m != 3) steps.Add((next.AddDays(2), () => Answer("M-01", key, AttestationResult.Operating)));
            if (m % 3 != 0) continue;

            var quarter = $"2026-Q{m / 3}";
            steps.Add((On(2026, m, 15), () => File("Q-01", new DateOnly(2026, m, 15), approve: true)));
            steps.Add((next.AddDays(2), () => Answer("Q-01", quarter, AttestationResult.Operating)));
            if (m is 3 or 9)
            {
                steps.Add((On(2026, m, 16), () => File("E-01", new DateOnly(2026, m, 16), approve: true)));
                steps.Add((next.AddDays(2), () => Answer("E-01", quarter, AttestationResult.Operating, occurrences: 3)));
            }
            else
            {
                steps.Add((next.AddDays(2), () => Answer("E-01", quarter, AttestationResult.NoOccurrences)));
            }
        }

        steps.Add((On(2027, 1, 3), () => Answer("A-01", "2026", AttestationResult.NotApplicable, comment: "No suppliers in 2026")));
        steps.Add((On(2027, 1, 4), async () => await world.Attestations.DecideNotApplicableAsync("A-01:2026", ada, approve: true, null)));

        foreach (var (when, act) in steps.Where(s => s.When <= until).OrderBy(s => s.When))
        {
            if (when > world.Time.GetUtcNow()) world.Time.SetUtcNow(when);
            await act();
        }

        world.Time.SetUtcNow(until);
        return world;
    }

    [Fact]
    public async Task OperatingHistory_over_a_simulated_year_equals_the_hand_computed_table()
    {
        using var world = await SimulatedYearAsync(On(2027, 1, 25));
        var report = await world.Readiness.OperatingAsync(Year2026);

        // Control | expected | answered | operated | no occurrences | not applicable | exceptions | verdict
        (string, int, int, int, int, int, int, OperatingVerdict)[] table =
        [
            ("A-01", 0, 0, 0, 0, 1, 0, OperatingVerdict.NotApplicable),
            ("E-01", 4, 4, 4, 2, 0, 0, OperatingVerdict.Operated),
            ("M-01", 12, 11, 10, 0, 0, 3, OperatingVerdict.NotOperated),
            ("Q-01", 4, 4, 4, 0, 0, 0, OperatingVerdict.Operated),
        ];
        Assert.Equal(table, report.Operating.OrderBy(h => h.ControlId, StringComparer.Ordinal)
            .Select(h => (h.ControlId, h.Expected, h.Answered, h.Operated, h.NoOccurrences, h.NotApplicable, h.Exceptions, h.Verdict)));

        var monthly = report.Operating.Single(h => h.ControlId == "M-01");
        Assert.Equal(
            [("2026-03", OperatingDeviation.Missing), ("2026-06", OperatingDeviation.EvidenceRejected), ("2026-09", OperatingDeviation.Late)],
            monthly.Periods.SelectMany(p => p.Exceptions.Select(e => (p.Period, e))));
        Assert.Equal(PeriodOutcome.Operated, monthly.Periods.Single(p => p.Period == "2026-09").Outcome); // late, but it operated
        Assert.Equal(new DateOnly(2026, 9, 20), monthly.Periods.Single(p => p.Period == "2026-09").EvidenceOn);

        // ISO: 5.15 and 5.24 are ready; 5.1 waits on M-01; 5.9's only control is not applicable: 2 of 93 Annex A requirements.
        var iso = report.For(FrameworkIds.Iso27001)!;
        Assert.Equal((2, 2.2), (iso.Ready, iso.Percent));
        Assert.Equal(["5.15", "5.24"], iso.Requirements.Where(r => r.Ready).Select(r => r.Requirement.Id));
        var gap = Assert.Single(iso.Requirements.Single(r => r.Requirement.Id == "5.1").Gaps);
        Assert.Equal(("M-01", "Olive Owner", "2026-03 not answered; 2026-06 evidence rejected"), (gap.ControlId, gap.OwnerName, gap.Reason));
        Assert.Equal("None of its controls has anything to show yet.", iso.Requirements.Single(r => r.Requirement.Id == "5.9").Note);
    }

    [Fact]
    public async Task OperatingHistory_does_not_expect_a_period_whose_answer_is_not_yet_due()
    {
        // 2 January 2027: December, Q4 and 2026 are closed but due on 7 January, and none is answered yet.
        using var world = await SimulatedYearAsync(On(2027, 1, 2));
        var early = await world.Readiness.OperatingAsync(Year2026);
        Assert.Equal((11, 10), (early.Operating.Single(h => h.ControlId == "M-01").Expected, early.Operating.Single(h => h.ControlId == "M-01").Answered));
        Assert.Equal(OperatingVerdict.NothingInWindow, early.Operating.Single(h => h.ControlId == "A-01").Verdict);

        // 8 January: past due, still unanswered.
        world.Time.SetUtcNow(On(2027, 1, 8));
        var late = await world.Readiness.OperatingAsync(Year2026);
        Assert.Equal([OperatingDeviation.Missing], late.Operating.Single(h => h.ControlId == "A-01").Periods.Single().Exceptions);
        Assert.Equal([OperatingDeviation.Missing], late.Operating.Single(h => h.ControlId == "M-01").Periods.Single(p => p.Period == "2026-12").Exceptions);
    }

    [Fact]
    public async Task OperatingHistory_window_comes_from_the_policy_or_the_last_twelve_months()
    {
        using var world = await SimulatedYearAsync(On(2027, 1, 25));
        var rolling = await world.Readiness.OperatingAsync();
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), (rolling.From, rolling.To));

        var policy = world.Policy with { ObservationWindow = new ObservationWindow(new DateOnly(2026, 7, 1), new DateOnly(2026, 12, 31)) };
        var half = await new ReadinessEngine(world.Store, FrameworkCatalog.Default, policy, world.Time).OperatingAsync();
        var monthly = half.Operating.Single(h => h.ControlId == "M-01");
        Assert.Equal((6, 6, 1), (monthly.Expected, monthly.Operated, monthly.Exceptions)); // July to December: September was late
    }

    [Fact]
    public async Task Design_readiness_needs_an_owner_a_description_and_approved_evidence()
    {
        using var world = await SimulatedYearAsync(On(2026, 2, 1));
        await world.AddControlAsync("N-01", null, null, "5.2");
        await world.Store.UpdateAsync<Control>("E-01", c => c with { Objective = " " });
        var report = await world.Readiness.DesignAsync();

        // By 1 February only M-01's January evidence is approved.
        Assert.Equal(
            [("A-01", "no approved evidence"), ("E-01", "no description, no approved evidence"), ("M-01", ""), ("N-01", "no owner, no approved evidence"), ("Q-01", "no approved evidence")],
            report.Design.OrderBy(d => d.ControlId, StringComparer.Ordinal).Select(d => (d.ControlId, string.Join(", ", d.Missing))));
        var iso = report.For(FrameworkIds.Iso27001)!;
        Assert.Equal([], iso.Requirements.Where(r => r.Ready).Select(r => r.Requirement.Id)); // 5.1 needs Q-01 too
        Assert.Equal("no owner, no approved evidence", iso.Requirements.Single(r => r.Requirement.Id == "5.2").Gaps.Single().Reason);
    }

    [Fact]
    public async Task OperatingHistory_readiness_is_on_the_status_card_and_in_the_digest()
    {
        using var world = await SimulatedYearAsync(On(2027, 1, 25));
        var status = (await new Chat(world, "olive@example.com").SayAsync("status")).Replies.Single().Card!;
        var iso = status.Data["frameworks"]!.AsArray().Single(f => f!["name"]!.GetValue<string>().Contains("27001", StringComparison.Ordinal))!;
        Assert.Equal("Operating 2026-01-01 to 2026-12-31: 2.2% ready (2 of 93 requirements operated throughout with approved evidence)", iso["operating"]!.GetValue<string>());

        var (digest, message) = await world.Digests.ComposeAsync([FrameworkIds.Iso27001], Core.Chat.Platforms.Slack);
        Assert.Equal(iso["operating"]!.GetValue<string>(), digest.Data["frameworks"]![0]!["operating"]!.GetValue<string>());
        Assert.Contains("Operating 2026-01-01 to 2026-12-31: 2.2% ready", Core.Cards.CardLibrary.Render(message.Card!).ToJsonString(), StringComparison.Ordinal);
    }
}
