using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Core.Storage;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Attesting;

/// <summary>
/// A fresh install on Friday 20 November 2026, halfway through Q4: the starter library comes into use that day, so
/// nothing is overdue from before; each control's first period is the one containing that day.
/// </summary>
public sealed class FirstPeriodTests
{
    private static async Task<TestWorld> FreshInstallAsync()
    {
        var world = new TestWorld();
        await world.AddPersonAsync("olive@example.com", "Olive Owner");
        Assert.Equal(72, await world.Library.SeedStarterAsync());
        foreach (var control in await world.Store.ListAsync<Control>())
            await world.Store.UpdateAsync<Control>(control.Document.Id, c => c with { OwnerId = "olive@example.com" });
        return world;
    }

    private static async Task<List<Attestation>> RunCampaignAsync(TestWorld world)
    {
        var requested = new List<Attestation>();
        foreach (var control in await world.Store.ListAsync<Control>())
            if ((await world.Attestations.RequestAsync(control.Document)).Attestation is { } attestation) requested.Add(attestation);
        return requested;
    }

    private static async Task<int> OverdueAsync(TestWorld world) =>
        (await world.Coverage.ComputeAsync()).Controls.Count(c => c.Finding == ControlFinding.AttestationOverdue);

    private static async Task<int> AttestationRemindersAsync(TestWorld world) =>
        (await new ReminderPlanner(world.Store, world.Policy, world.ReminderPolicy, world.Criteria).PlanAsync(world.Time.GetUtcNow())).Items.Count(i => i.Topic == ReminderTopics.Attestation);

    [Fact]
    public async Task DayOne_a_fresh_install_mid_quarter_has_nothing_overdue_and_first_answers_fall_due_after_the_first_period()
    {
        using var world = await FreshInstallAsync();
        Assert.All(await world.Store.ListAsync<Control>(), c => Assert.Equal(new DateOnly(2026, 11, 20), c.Document.ActiveFrom));

        // Day one: nothing requested, nothing overdue, no reminders, an empty task list; asking says when.
        Assert.Empty(await RunCampaignAsync(world));
        Assert.Equal(0, await OverdueAsync(world));
        Assert.Equal(0, await AttestationRemindersAsync(world));
        var olive = new Chat(world, "olive@example.com");
        Assert.True((await olive.SayAsync("tasks")).Replies.Single().Card!.Data["nothingOpen"]!.GetValue<bool>());
        Assert.Equal("AC-01 is first attested for 2026-Q4, from 2027-01-01 (due 2027-01-15): nothing is due before.", Chat.Text(await olive.SayAsync("attest AC-01")));

        // 1 December: the monthly controls' first period (November) has closed; they are asked, due in December.
        world.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var december = await RunCampaignAsync(world);
        var monthly = StarterLibrary().Count(c => c.Cadence == Cadence.Monthly);
        Assert.Equal(monthly, december.Count);
        Assert.All(december, a => Assert.Equal("2026-11", a.Period));
        Assert.All(december, a => Assert.InRange(a.DueOn, new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 21)));
        Assert.Equal(0, await OverdueAsync(world));

        // 1 January: every cadence's first period has closed; each is asked once, due within the answer window.
        world.Time.SetUtcNow(new DateTimeOffset(2027, 1, 1, 9, 0, 0, TimeSpan.Zero));
        var january = await RunCampaignAsync(world);
        Assert.Equal(72, january.Count);
        Assert.All(january.Where(a => a.Period != "2026-12"), a => Assert.Contains(a.Period, new[] { "2026-Q4", "2026-H2", "2026" }));
        Assert.All(january, a => Assert.InRange(a.DueOn, new DateOnly(2027, 1, 7), new DateOnly(2027, 1, 21)));
        Assert.Equal(0, await OverdueAsync(world));

        // Past the window, unanswered first periods are overdue like any other.
        world.Time.SetUtcNow(new DateTimeOffset(2027, 1, 25, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(72, await OverdueAsync(world));
    }

    [Fact]
    public async Task DayOne_a_configured_start_in_the_past_asks_for_the_last_period_at_once()
    {
        var policy = Core.Periods.CompliancePolicy.Default with { StartDate = new DateOnly(2025, 1, 1) };
        Assert.Equal(new DateOnly(2025, 1, 1), policy.ActiveFromFor(starter: true, new DateOnly(2026, 11, 20)));
        Assert.Equal(new DateOnly(2026, 11, 20), policy.ActiveFromFor(starter: false, new DateOnly(2026, 11, 20))); // a control added now starts now
        var control = new Control { Id = "AC-01", Name = "n", Objective = "o", AttestationQuestion = "q", ActiveFrom = new DateOnly(2025, 1, 1) };
        Assert.Equal("2026-Q3", policy.PeriodToAttest(control, new DateOnly(2026, 11, 20))!.Value.Key);

        var goLive = Core.Periods.CompliancePolicy.Default with { StartDate = new DateOnly(2027, 1, 1) };
        Assert.Equal(new DateOnly(2027, 1, 1), goLive.ActiveFromFor(starter: false, new DateOnly(2026, 11, 20))); // nothing before go-live
    }

    private static IReadOnlyList<Control> StarterLibrary() => Core.Library.StarterLibrary.Controls;
}
