using ComplianceBot.Core.Reminders;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Reminders;

/// <summary>Overdue reminders never stop while the item is open: every 3 days four times, then weekly.</summary>
public sealed class OverdueCadenceTests
{
    [Theory]
    [InlineData(0, null)]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(4, 2)]
    [InlineData(12, 4)] // the fourth reminder, days 10 to 12
    [InlineData(13, 5)] // then one a week: days 13 to 19
    [InlineData(19, 5)]
    [InlineData(20, 6)]
    [InlineData(40, 8)] // days 34 to 40
    [InlineData(400, 60)] // 4 + (400 - 1 - 12) / 7 + 1
    public void Overdue_stages_continue_weekly_past_the_fourth(int daysOver, int? stage) =>
        Assert.Equal(stage, ReminderPolicy.Default.OverdueStage(daysOver));

    [Fact]
    public async Task An_owner_40_days_overdue_still_gets_reminders_and_missed_runs_catch_up_with_one()
    {
        // AC-01 (quarterly, due slot 0): 2026-Q3 fell due on 7 October 2026. Olive is in Berlin; runs at 09:00 her time.
        using var world = new TestWorld(start: new DateTimeOffset(2026, 10, 19, 7, 0, 0, TimeSpan.Zero));
        var olive = await world.AddOwnerAsync("Olive", "Europe/Berlin");
        await world.AddControlAsync("AC-01", owner: olive.Id);
        var channel = new RecordingChannel(world.Time);
        var reminders = world.Dispatcher(channel);

        // 12 days overdue: the fourth reminder.
        await reminders.RunAsync("instance-a");
        Assert.Equal(["attestation:AC-01:2026-Q3:overdue-4"], channel.Sent.SelectMany(s => s.Keys));

        // No run for four weeks (the host was down); on the 40th day overdue one reminder, not the four missed.
        world.Time.SetUtcNow(new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.Zero));
        await reminders.RunAsync("instance-a");
        await reminders.RunAsync("instance-a");
        Assert.Equal(["attestation:AC-01:2026-Q3:overdue-4", "attestation:AC-01:2026-Q3:overdue-8"], channel.Sent.SelectMany(s => s.Keys));

        // A week later, the next.
        world.Time.SetUtcNow(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await reminders.RunAsync("instance-a");
        Assert.Equal("attestation:AC-01:2026-Q3:overdue-9", channel.Sent.SelectMany(s => s.Keys).Last());
    }

    [Fact]
    public async Task Run_reminders_is_for_compliance_admins_and_starts_the_jobs()
    {
        using var world = new TestWorld();
        await world.AddPersonAsync("olive@example.com", "Olive Owner");
        var ada = await world.AddPersonAsync("ada@example.com", "Ada Admin");
        await world.Store.UpsertAsync(ada with { Roles = [Core.Conversations.ReminderConversation.ComplianceAdminRole] });

        Assert.StartsWith("Only a compliance admin", Chat.Text(await new Chat(world, "olive@example.com").SayAsync("run reminders")), StringComparison.Ordinal);
        Assert.Equal(0, world.Jobs.Triggered);
        Assert.Equal("I can run the reminders now: send 'run reminders'.", Chat.Text(await new Chat(world, "ada@example.com").SayAsync("run")));
        Assert.StartsWith("Reminders and attestation requests are going out now.", Chat.Text(await new Chat(world, "ada@example.com").SayAsync("run reminders")), StringComparison.Ordinal);
        Assert.Equal(1, world.Jobs.Triggered);
    }
}
