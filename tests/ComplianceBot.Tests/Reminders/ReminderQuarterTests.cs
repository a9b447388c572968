using System.Text.Json.Nodes;
using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Reminders;

/// <summary>
/// A quarter (Q1 2027) on a fake clock, a reminder run every hour by two instances at once: who is reminded of
/// what on which local day, snooze and escalation as specified, nothing inside quiet hours, nothing twice.
/// Attestations look back: in Q1 the quarterly controls are attested for 2026-Q4 and the monthly one for the month
/// before; the controls here fall due 14 days after their period ends.
/// </summary>
public sealed class ReminderQuarterTests
{
    private static readonly ConversationAddress ComplianceChannel = new(Platforms.Teams, "19:compliance@thread.tacv2", "https://smba.example/amer/", "tenant-1", "28:bot");

    [Fact]
    public async Task A_simulated_quarter_sends_the_right_reminders_on_the_right_days_exactly_once()
    {
        using var world = new TestWorld(reminderPolicy: ReminderPolicy.Default with { ComplianceChannel = ComplianceChannel });
        world.Time.SetUtcNow(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var mia = await world.AddOwnerAsync("Mia", "Europe/Berlin");
        var olive = await world.AddOwnerAsync("Olive", "Europe/Berlin", mia.Id);
        var dan = await world.AddOwnerAsync("Dan", "America/New_York");
        var sam = await world.AddOwnerAsync("Sam", "America/Los_Angeles");
        await world.AddControlAsync("AC-01", owner: olive.Id);
        await world.AddControlAsync("AC-02", owner: olive.Id);
        await world.AddControlAsync("CRY-01", owner: dan.Id);
        await world.AddMonthlyControlAsync("LOG-01", sam.Id);
        await world.DueFourteenDaysAfterThePeriodAsync("AC-01", "AC-02", "CRY-01");
        await world.AddRiskAsync("RISK-0001", olive.Id, new DateOnly(2027, 2, 15));

        var channel = new RecordingChannel(world.Time);
        var first = world.Dispatcher(channel);
        var second = world.Dispatcher(channel);
        var danChat = new Chat(world, dan.Email, "29:dan");
        string? snoozeReply = null;
        for (var at = world.Time.GetUtcNow(); at < new DateTimeOffset(2027, 4, 1, 0, 0, 0, TimeSpan.Zero); at = at.AddHours(1))
        {
            world.Time.SetUtcNow(at);
            await Task.WhenAll(first.RunAsync("instance-a"), second.RunAsync("instance-b"));

            // Dan snoozes his first reminder for a week, the moment it arrives; he answers on the due day.
            if (snoozeReply is null && channel.Sent.Any(s => s.Conversation.UserId == "29:dan"))
            {
                snoozeReply = Chat.Text(await danChat.ClickAsync(ReminderConversation.SnoozeAction, new JsonObject { ["item"] = "attestation:CRY-01:2026-Q4", ["days"] = 7 }));
            }

            if (at == new DateTimeOffset(2027, 1, 14, 18, 0, 0, TimeSpan.Zero))
            {
                await world.Attestations.AnswerAsync(new AttestationAnswer("CRY-01", dan.Id, AttestationResult.Operating, null, []));
            }
        }

        var sent = channel.Sent.ToList();
        Assert.StartsWith("Snoozed until Thu 14 Jan 08:00 (its due date). 2 snoozes left", snoozeReply);
        var keys = sent.SelectMany(s => s.Keys).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());

        var zones = new Dictionary<string, string>
        {
            ["29:mia"] = mia.TimeZone, ["29:olive"] = olive.TimeZone, ["29:dan"] = dan.TimeZone, ["29:sam"] = sam.TimeZone,
            [ComplianceChannel.ConversationId] = "UTC",
        };
        var actual = sent.Select(s =>
        {
            var who = s.Conversation.UserId ?? s.Conversation.ConversationId;
            var local = TimeZoneInfo.ConvertTime(s.At, TimeZoneInfo.FindSystemTimeZoneById(zones[who]));
            Assert.Equal(8, local.Hour); // the first hour after the quiet hours, never inside them
            return $"{who} {local:MM-dd} {string.Join(" ", s.Keys.Order(StringComparer.Ordinal))}";
        }).Order(StringComparer.Ordinal).ToList();

        var expected = new List<string>();
        void Expect(string conversation, string day, params string[] ids) =>
            expected.Add($"{conversation} {day} {string.Join(" ", ids.Order(StringComparer.Ordinal))}");

        // Olive: two quarterly attestations (2026-Q4) due 14 Jan, batched into one card a day: 7, 3 and 1 days before, then
        // overdue every 3 days four times, then once a week (the escalation interval) for as long as they stay open:
        // she never answers, so until the quarter ends. Her risk review is due 15 Feb and goes the same way.
        foreach (var (day, stage) in new[] { ("01-07", "due-7"), ("01-11", "due-3"), ("01-13", "due-1"), ("01-15", "overdue-1"), ("01-18", "overdue-2"), ("01-21", "overdue-3"), ("01-24", "overdue-4") })
            Expect("29:olive", day, $"attestation:AC-01:2026-Q4:{stage}", $"attestation:AC-02:2026-Q4:{stage}");
        for (var week = 0; week < 10; week++) // 27 Jan (13 days overdue) to 31 Mar (76 days)
            Expect("29:olive", new DateOnly(2027, 1, 27).AddDays(7 * week).ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                $"attestation:AC-01:2026-Q4:overdue-{5 + week}", $"attestation:AC-02:2026-Q4:overdue-{5 + week}");
        foreach (var (day, stage) in new[] { ("02-08", "due-7"), ("02-12", "due-3"), ("02-14", "due-1"), ("02-16", "overdue-1"), ("02-19", "overdue-2"), ("02-22", "overdue-3"), ("02-25", "overdue-4") })
            Expect("29:olive", day, $"risk-review:RISK-0001:2027-02-15:{stage}");
        for (var week = 0; week < 5; week++) // 28 Feb to 28 Mar
            Expect("29:olive", new DateOnly(2027, 2, 28).AddDays(7 * week).ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                $"risk-review:RISK-0001:2027-02-15:overdue-{5 + week}");

        // Seven days overdue: Olive's manager hears of it, once per item.
        Expect("29:mia", "01-21", "escalation:attestation/AC-01:2026-Q4:manager", "escalation:attestation/AC-02:2026-Q4:manager");
        Expect("29:mia", "02-22", "escalation:risk-review/RISK-0001:2027-02-15:manager");

        // Dan snoozed for a week on 7 Jan: nothing until the morning of the due date (capped there), then he answered.
        Expect("29:dan", "01-07", "attestation:CRY-01:2026-Q4:due-7");
        Expect("29:dan", "01-14", "attestation:CRY-01:2026-Q4:due-1");

        // Sam (no manager) never answers his monthly control: each month the same rhythm (the weekly reminders end when
        // the next month's attestation replaces it), and the compliance channel gets the escalation. Los Angeles moves to summer time on 14 March; his mornings move with it.
        foreach (var (month, attested) in new[] { ("01", "2026-12"), ("02", "2027-01"), ("03", "2027-02") })
        {
            foreach (var (day, stage) in new[] { ("07", "due-7"), ("11", "due-3"), ("13", "due-1"), ("15", "overdue-1"), ("18", "overdue-2"), ("21", "overdue-3"), ("24", "overdue-4"), ("27", "overdue-5") })
                Expect("29:sam", $"{month}-{day}", $"attestation:LOG-01:{attested}:{stage}");
            Expect(ComplianceChannel.ConversationId, $"{month}-21", $"escalation:attestation/LOG-01:{attested}:channel");
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal).ToList(), actual);
    }

    [Fact]
    public async Task Snoozes_are_limited_by_the_budget_and_never_reach_past_the_due_date()
    {
        using var world = new TestWorld();
        world.Time.SetUtcNow(new DateTimeOffset(2027, 1, 2, 9, 0, 0, TimeSpan.Zero));
        var olive = await world.AddOwnerAsync("Olive", "UTC");
        await world.AddControlAsync("AC-01", owner: olive.Id);
        await world.DueFourteenDaysAfterThePeriodAsync("AC-01");
        var chat = new Chat(world, olive.Email, "29:olive");
        var snooze = new JsonObject { ["item"] = "attestation:AC-01:2026-Q4", ["days"] = 1 };

        Assert.StartsWith("Snoozed until Sun 3 Jan 09:00. 2 snoozes left", Chat.Text(await chat.ClickAsync(ReminderConversation.SnoozeAction, (JsonObject)snooze.DeepClone())));
        Assert.StartsWith("Snoozed until Sun 3 Jan 09:00. 1 snooze left", Chat.Text(await chat.ClickAsync(ReminderConversation.SnoozeAction, (JsonObject)snooze.DeepClone())));
        Assert.StartsWith("Snoozed until Sun 3 Jan 09:00. No snoozes left", Chat.Text(await chat.ClickAsync(ReminderConversation.SnoozeAction, (JsonObject)snooze.DeepClone())));
        Assert.StartsWith("You have used all 3 snoozes", Chat.Text(await chat.ClickAsync(ReminderConversation.SnoozeAction, (JsonObject)snooze.DeepClone())));

        using var late = new TestWorld();
        late.Time.SetUtcNow(new DateTimeOffset(2027, 1, 12, 9, 0, 0, TimeSpan.Zero));
        var dan = await late.AddOwnerAsync("Dan", "UTC");
        await late.AddControlAsync("AC-01", owner: dan.Id);
        await late.DueFourteenDaysAfterThePeriodAsync("AC-01");
        var danChat = new Chat(late, dan.Email, "29:dan");
        var week = new JsonObject { ["item"] = "attestation:AC-01:2026-Q4", ["days"] = 7 };
        Assert.StartsWith("Snoozed until Thu 14 Jan 08:00 (its due date)", Chat.Text(await danChat.ClickAsync(ReminderConversation.SnoozeAction, (JsonObject)week.DeepClone())));
        late.Time.SetUtcNow(new DateTimeOffset(2027, 1, 14, 9, 0, 0, TimeSpan.Zero));
        Assert.StartsWith("That is due today or already overdue", Chat.Text(await danChat.ClickAsync(ReminderConversation.SnoozeAction, (JsonObject)week.DeepClone())));
        Assert.StartsWith("CRY-01 is not one of your controls", Chat.Text(await chat.ClickAsync(
            ReminderConversation.SnoozeAction, new JsonObject { ["item"] = "attestation:CRY-01:2026-Q4", ["days"] = 1 })));
    }

    [Fact]
    public async Task Not_mine_asks_a_reason_tells_the_compliance_team_and_stops_the_reminders()
    {
        using var world = new TestWorld();
        world.Time.SetUtcNow(new DateTimeOffset(2027, 1, 7, 9, 0, 0, TimeSpan.Zero));
        var olive = await world.AddOwnerAsync("Olive", "UTC");
        var admin = await world.AddOwnerAsync("Ada", "UTC");
        await world.Store.UpsertAsync(admin with { Roles = [ReminderConversation.ComplianceAdminRole] });
        await world.AddControlAsync("AC-01", owner: olive.Id);
        await world.DueFourteenDaysAfterThePeriodAsync("AC-01");
        var chat = new Chat(world, olive.Email, "29:olive");
        var data = new JsonObject { ["item"] = "attestation:AC-01:2026-Q4", ["title"] = "Attest AC-01 Control AC-01" };

        var asked = await chat.ClickAsync(ReminderConversation.NotMineAction, (JsonObject)data.DeepClone());
        Assert.Equal(ReminderConversation.HandoffTemplate, Assert.Single(asked.Replies).Card!.Template);
        var blank = await chat.ClickAsync(ReminderConversation.HandOffAction, (JsonObject)data.DeepClone());
        Assert.Equal("reason", Assert.Single(blank.FieldErrors!).Field);

        data["reason"] = "I moved to the platform team";
        var handed = await chat.ClickAsync(ReminderConversation.HandOffAction, data);
        Assert.True(handed.ReplaceCard!.Data["done"]!.GetValue<bool>());
        var notice = Assert.Single(handed.Notices!);
        Assert.Equal(admin.Id, notice.PersonId);
        Assert.Contains("I moved to the platform team", notice.Message.Text, StringComparison.Ordinal);

        var channel = new RecordingChannel(world.Time);
        var report = await world.Dispatcher(channel).RunAsync("a");
        Assert.Empty(channel.Sent);
        Assert.Equal(1, report.Snoozed);
    }
}
