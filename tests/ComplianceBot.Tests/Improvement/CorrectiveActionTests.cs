using System.Text.Json.Nodes;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Core.Reports;
using ComplianceBot.Core.Storage;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Improvement;

/// <summary>A nonconformity from a "not operating" answer through correction, corrective action, reminders and verification, in chat.</summary>
public class CorrectiveActionTests
{
    [Fact]
    public async Task CorrectiveAction_from_a_not_operating_answer_through_action_reminders_and_verification()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        await world.Store.UpsertAsync(new Person { Id = "lee@example.com", Email = "lee@example.com", DisplayName = "Lee Lead", Roles = [ReminderConversation.ComplianceAdminRole] });
        var olive = new Chat(world, "olive@example.com");
        var dan = new Chat(world, "dan@example.com");
        var lee = new Chat(world, "lee@example.com");

        // The answer offers a nonconformity, with the attestation as its source.
        var answered = await olive.ClickAsync(AttestationConversation.SubmitAction, new JsonObject
        {
            ["controlId"] = "AC-02", ["period"] = "2026-Q3", ["result"] = "notOperating", ["comment"] = "Reviews were skipped in September.",
        });
        var offer = answered.ReplaceCard!;
        Assert.Equal("AC-02:2026-Q3", offer.Data["attestationId"]!.GetValue<string>());
        var form = (await olive.ClickAsync(NonconformityConversation.OpenAction, new JsonObject
        {
            ["controlId"] = "AC-02", ["source"] = "notOperating", ["sourceRef"] = "AC-02:2026-Q3",
        })).Replies.Single().Card!;
        Assert.Equal(NonconformityConversation.FormTemplate, form.Template);
        Assert.Equal(("Reviews were skipped in September.", "olive@example.com", "2026-12-20"),
            (form.Data["values"]!["whatHappened"]!.GetValue<string>(), form.Data["values"]!["owner"]!.GetValue<string>(), form.Data["values"]!["dueDate"]!.GetValue<string>()));

        JsonObject Submission(string action) => new()
        {
            ["source"] = "notOperating", ["sourceRef"] = "AC-02:2026-Q3", ["controlId"] = "AC-02", ["whatHappened"] = "Reviews were skipped in September.",
            ["correction"] = "September's review done late, on 3 October.", ["cause"] = "The reviewer was on leave and nobody stood in.",
            ["correctiveAction"] = action, ["owner"] = "dan@example.com", ["dueDate"] = "2026-12-15",
        };
        var missing = await olive.ClickAsync(NonconformityConversation.SubmitAction, Submission(""));
        Assert.Equal("correctiveAction", Assert.Single(missing.FieldErrors!).Field);
        Assert.Equal(0, await world.Store.CountAsync<Nonconformity>());

        var raised = await olive.ClickAsync(NonconformityConversation.SubmitAction, Submission("Name a deputy reviewer for every access review."));
        var nc = (await world.Store.FindAsync<Nonconformity>("NC-0001"))!.Document;
        Assert.Equal((NonconformitySource.NotOperating, "AC-02:2026-Q3", "AC-02", "dan@example.com", NonconformityStatus.Open),
            (nc.Source, nc.SourceRef, nc.ControlId, nc.OwnerId, nc.Status));
        var told = Assert.Single(raised.Notices!);
        Assert.Equal(("dan@example.com", true), (told.PersonId, told.Message.Card!.Data["canAct"]!.GetValue<bool>()));

        // Open, it is an exception of the period it came from in the operating history.
        async Task<IReadOnlyList<Core.Coverage.OperatingDeviation>> Q3ExceptionsAsync() =>
            (await world.Readiness.OperatingAsync()).Operating.Single(h => h.ControlId == "AC-02").Periods.Single(p => p.Period == "2026-Q3").Exceptions;
        Assert.Equal([Core.Coverage.OperatingDeviation.Late, Core.Coverage.OperatingDeviation.NotOperating, Core.Coverage.OperatingDeviation.NonconformityOpen], await Q3ExceptionsAsync());

        // Reminded like an attestation: due soon, then overdue.
        async Task<ReminderItem?> ReminderAsync() =>
            (await new ReminderPlanner(world.Store, world.Policy, world.ReminderPolicy, world.Criteria).PlanAsync(world.Time.GetUtcNow())).Items
                .SingleOrDefault(i => i.Topic == ReminderTopics.Nonconformity);
        world.Time.SetUtcNow(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(("NC-0001", "dan@example.com", "due-7"), ((await ReminderAsync())!.SubjectId, (await ReminderAsync())!.OwnerId, (await ReminderAsync())!.Stage));
        Assert.True(ReminderCard.Compose([(await ReminderAsync())!]).Card!.Data["items"]![0]!["canCorrect"]!.GetValue<bool>());
        world.Time.SetUtcNow(new DateTimeOffset(2026, 12, 17, 9, 0, 0, TimeSpan.Zero));
        Assert.StartsWith("overdue", (await ReminderAsync())!.Stage, StringComparison.Ordinal);

        // Only the owner (or an admin) records the action; then the admins verify it.
        Assert.Contains("not yours", Chat.Text(await new Chat(world, "olive@example.com").ClickAsync(NonconformityConversation.DoneAction, new JsonObject { ["id"] = "NC-0001" })), StringComparison.Ordinal);
        var shown = (await dan.SayAsync("nc NC-0001")).Replies.Single().Card!;
        Assert.True(shown.Data["canAct"]!.GetValue<bool>());
        var done = await dan.ClickAsync(NonconformityConversation.DoneAction, new JsonObject { ["id"] = "NC-0001", ["note"] = "Deputies named in the access tool." });
        var ask = Assert.Single(done.Notices!);
        Assert.Equal(("lee@example.com", true), (ask.PersonId, ask.Message.Card!.Data["canVerify"]!.GetValue<bool>()));
        Assert.Null(await ReminderAsync()); // nothing to chase while it waits for verification

        var bare = await lee.ClickAsync(NonconformityConversation.IneffectiveAction, new JsonObject { ["id"] = "NC-0001" });
        Assert.Equal("note", Assert.Single(bare.FieldErrors!).Field);
        var reopened = await lee.ClickAsync(NonconformityConversation.IneffectiveAction, new JsonObject { ["id"] = "NC-0001", ["note"] = "Two deputies are on the same team." });
        Assert.Equal("dan@example.com", Assert.Single(reopened.Notices!).PersonId);
        nc = (await world.Store.FindAsync<Nonconformity>("NC-0001"))!.Document;
        Assert.Equal((NonconformityStatus.Open, new DateOnly(2027, 1, 16), 1), (nc.Status, nc.DueOn, nc.Reopened));

        await dan.ClickAsync(NonconformityConversation.DoneAction, new JsonObject { ["id"] = "NC-0001", ["note"] = "Deputies from another team." });
        var verified = await lee.ClickAsync(NonconformityConversation.EffectiveAction, new JsonObject { ["id"] = "NC-0001" });
        Assert.Contains("NC-0001 is closed", verified.ReplaceCard!.Data["outcome"]!.GetValue<string>(), StringComparison.Ordinal);
        nc = (await world.Store.FindAsync<Nonconformity>("NC-0001"))!.Document;
        Assert.Equal((NonconformityStatus.Closed, "lee@example.com", new DateOnly(2026, 12, 17)), (nc.Status, nc.VerifiedBy, nc.VerifiedOn));
        Assert.Equal([Core.Coverage.OperatingDeviation.Late, Core.Coverage.OperatingDeviation.NotOperating], await Q3ExceptionsAsync()); // closed: no longer an exception

        var trail = (await world.Store.ListAsync<AuditEvent>()).Select(e => e.Document).Where(e => e.EntityId == "NC-0001").Select(e => e.Action).ToList();
        Assert.Equal(["nonconformity.raised", "nonconformity.action_taken", "nonconformity.not_effective", "nonconformity.action_taken", "nonconformity.verified_effective"], trail);

        var report = (await new AuditorReports(world.Store, world.Coverage, world.Criteria).BuildAsync("nonconformities"))!;
        var rows = await report.Rows.ToListAsync();
        var row = Assert.Single(rows);
        Assert.Equal(("NC-0001", "NotOperating", "Closed", "1"), (row[0], row[1], row[report.Columns.ToList().IndexOf("Status")], row[report.Columns.ToList().IndexOf("Times reopened")]));
    }

    [Fact]
    public async Task CorrectiveAction_raised_by_hand_is_open_in_the_digest_until_closed()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var olive = new Chat(world, "olive@example.com");
        var form = (await olive.SayAsync("nonconformity AC-01")).Replies.Single().Card!;
        Assert.Equal("Raised by hand. Control AC-01 Control AC-01.", form.Data["context"]!.GetValue<string>());
        await olive.ClickAsync(NonconformityConversation.SubmitAction, new JsonObject
        {
            ["source"] = "Manual", ["controlId"] = "AC-01", ["whatHappened"] = "A leaver kept VPN access for a week.",
            ["correctiveAction"] = "Disable VPN from the HR leaver feed.", ["owner"] = "olive@example.com", ["dueDate"] = "2026-11-25",
        });
        world.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var (digest, _) = await world.Digests.ComposeAsync(["iso27001"], "teams");
        Assert.Equal("1 open (1 overdue: NC-0001 · Olive Owner), 0 waiting for verification", digest.Data["nonconformities"]!.GetValue<string>());
    }
}
