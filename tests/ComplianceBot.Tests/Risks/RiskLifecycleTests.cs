using System.Text.Json.Nodes;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Core.Risks;
using ComplianceBot.Core.Storage;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Risks;

/// <summary>A risk from intake through review, an acceptance its owner approves, and back to review when that expires.</summary>
public class RiskLifecycleTests
{
    [Fact]
    public async Task RiskLifecycle_intake_records_inherent_and_residual_with_the_planned_treatment()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var dan = new Chat(world, "dan@example.com");

        var form = (await dan.SayAsync("risk")).Replies.Single().Card!;
        Assert.Equal("5 · Almost certain", form.Data["likelihoodChoices"]![4]!["title"]!.GetValue<string>());
        Assert.Equal("1 · Negligible", form.Data["impactChoices"]![0]!["title"]!.GetValue<string>());

        var halfRated = await dan.ClickAsync(RiskConversation.SubmitAction, Intake(residualLikelihood: "2", residualImpact: ""));
        Assert.Equal("residualImpact", Assert.Single(halfRated.FieldErrors!).Field);
        var higher = await dan.ClickAsync(RiskConversation.SubmitAction, Intake(residualLikelihood: "5", residualImpact: "5"));
        Assert.Contains("can't be above the inherent", Assert.Single(higher.FieldErrors!).Message, StringComparison.Ordinal);
        Assert.Equal(0, await world.Store.CountAsync<Risk>());

        var saved = await dan.ClickAsync(RiskConversation.SubmitAction, Intake(residualLikelihood: "2", residualImpact: "3"));
        var risk = (await world.Store.FindAsync<Risk>("RISK-0001"))!.Document;
        Assert.Equal((new RiskRating(4, 4), new RiskRating(2, 3), RiskTreatment.Mitigate, "Enrol the laptops in device management."),
            (risk.Inherent, risk.Residual, risk.Treatment, risk.TreatmentPlan));
        Assert.Equal(RiskStatus.Open, risk.Status);
        Assert.Equal("2 × 3 = 6 (Medium)", saved.ReplaceCard!.Data["residual"]!.GetValue<string>());
        Assert.StartsWith("Within appetite", saved.ReplaceCard.Data["appetite"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RiskLifecycle_review_rerates_changes_treatment_and_status_each_in_the_audit_trail()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        await new Chat(world, "dan@example.com").ClickAsync(RiskConversation.SubmitAction, Intake());
        var olive = new Chat(world, "olive@example.com");

        var form = (await olive.SayAsync("review risk-0001")).Replies.Single().Card!;
        Assert.Equal(RiskReviewConversation.ReviewTemplate, form.Template);
        Assert.Equal(("4", "4", "open"), (form.Data["values"]!["likelihood"]!.GetValue<string>(), form.Data["values"]!["impact"]!.GetValue<string>(), form.Data["values"]!["status"]!.GetValue<string>()));

        var noComment = await olive.ClickAsync(RiskReviewConversation.SubmitAction, Review("treating", comment: ""));
        Assert.Equal("comment", Assert.Single(noComment.FieldErrors!).Field);

        var recorded = await olive.ClickAsync(RiskReviewConversation.SubmitAction, Review("treating"));
        Assert.Contains("in treatment", recorded.ReplaceCard!.Data["outcome"]!.GetValue<string>(), StringComparison.Ordinal);
        var risk = (await world.Store.FindAsync<Risk>("RISK-0001"))!.Document;
        Assert.Equal((new RiskRating(3, 4), new RiskRating(2, 2), RiskStatus.InTreatment, new DateOnly(2027, 3, 1)), (risk.Inherent, risk.Residual, risk.Status, risk.ReviewOn));
        Assert.Equal(("olive@example.com", "Half the laptops are enrolled."), (risk.LastReviewedBy, risk.LastReviewComment));

        var closed = await olive.ClickAsync(RiskReviewConversation.SubmitAction, Review("closed", comment: "All laptops enrolled and encrypted."));
        Assert.Null(closed.FieldErrors);
        Assert.Equal(RiskStatus.Closed, (await world.Store.FindAsync<Risk>("RISK-0001"))!.Document.Status);
        Assert.Equal(2, (await world.Store.ListAsync<AuditEvent>()).Count(e => e.Document.Action == "risk.reviewed" && e.Document.EntityId == "RISK-0001"));

        // Someone who neither owns the risk nor administers compliance cannot review it.
        var dan = new Chat(world, "dan@example.com");
        Assert.Contains("Only the owner of RISK-0001", Chat.Text(await dan.SayAsync("review RISK-0001")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RiskLifecycle_acceptance_needs_the_owner_approval_and_comes_back_for_review_when_it_expires()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        await world.Store.UpsertAsync(new Person { Id = "lee@example.com", Email = "lee@example.com", DisplayName = "Lee Lead", Roles = [ReminderConversation.ComplianceAdminRole] });
        await new Chat(world, "dan@example.com").ClickAsync(RiskConversation.SubmitAction, Intake());
        var lee = new Chat(world, "lee@example.com");
        var olive = new Chat(world, "olive@example.com");

        var unjustified = await lee.ClickAsync(RiskReviewConversation.SubmitAction, Review("accept", justification: "", acceptUntil: ""));
        Assert.Equal(["acceptUntil", "justification"], unjustified.FieldErrors!.Select(e => e.Field).Order());

        var proposed = await lee.ClickAsync(RiskReviewConversation.SubmitAction, Review("accept"));
        var notice = Assert.Single(proposed.Notices!);
        Assert.Equal(("olive@example.com", RiskReviewConversation.AcceptanceTemplate), (notice.PersonId, notice.Message.Card!.Template));
        var pending = (await world.Store.FindAsync<Risk>("RISK-0001"))!.Document;
        Assert.Equal((RiskStatus.Open, AcceptanceDecision.Pending, RiskTreatment.Accept), (pending.Status, pending.Acceptance!.Decision, pending.Treatment));

        // Only the owner decides; a rejection needs a reason.
        Assert.Contains("Only the owner", Chat.Text(await lee.ClickAsync(RiskReviewConversation.ApproveAction, new JsonObject { ["riskId"] = "RISK-0001" })), StringComparison.Ordinal);
        var bareReject = await olive.ClickAsync(RiskReviewConversation.RejectAction, new JsonObject { ["riskId"] = "RISK-0001" });
        Assert.Equal("reason", Assert.Single(bareReject.FieldErrors!).Field);

        var approved = await olive.ClickAsync(RiskReviewConversation.ApproveAction, new JsonObject { ["riskId"] = "RISK-0001" });
        Assert.Contains("Accepted by Olive Owner until 2027-03-31", approved.ReplaceCard!.Data["outcome"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("lee@example.com", Assert.Single(approved.Notices!).PersonId);
        var accepted = (await world.Store.FindAsync<Risk>("RISK-0001"))!.Document;
        Assert.Equal((RiskStatus.Accepted, new DateOnly(2027, 3, 31), "olive@example.com"), (accepted.Status, accepted.ReviewOn, accepted.Acceptance!.DecidedBy));

        // Not yet expired: nothing changes.
        world.Time.Advance(TimeSpan.FromDays(60));
        Assert.Empty(await world.Risks.ExpireAcceptancesAsync());

        world.Time.SetUtcNow(new DateTimeOffset(2027, 3, 31, 9, 0, 0, TimeSpan.Zero));
        var expired = Assert.Single(await world.Risks.ExpireAcceptancesAsync());
        Assert.Equal((RiskStatus.Open, AcceptanceDecision.Expired, new DateOnly(2027, 3, 31)), (expired.Status, expired.Acceptance!.Decision, expired.ReviewOn));
        var plan = await new ReminderPlanner(world.Store, world.Policy, world.ReminderPolicy, world.Criteria).PlanAsync(world.Time.GetUtcNow());
        var due = Assert.Single(plan.Items, i => i.Topic == ReminderTopics.RiskReview);
        Assert.Equal(("RISK-0001", "olive@example.com", new DateOnly(2027, 3, 31)), (due.SubjectId, due.OwnerId, due.DueOn));
        Assert.Empty(await world.Risks.ExpireAcceptancesAsync()); // once

        var actions = (await world.Store.ListAsync<AuditEvent>()).Select(e => e.Document.Action).ToList();
        Assert.Equal(["risk.acceptance.proposed", "risk.acceptance.approved", "risk.acceptance.expired"], actions.Where(a => a.StartsWith("risk.acceptance.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RiskLifecycle_a_configured_matrix_makes_a_rare_catastrophe_high_and_above_appetite()
    {
        var matrix = new RiskLevel[5, 5];
        var rows = new[] { "LLMMH", "LMMHH", "MMHHC", "MHHCC", "HHCCC" };
        for (var l = 0; l < 5; l++)
        {
            for (var i = 0; i < 5; i++) matrix[l, i] = rows[l][i] switch { 'L' => RiskLevel.Low, 'M' => RiskLevel.Medium, 'H' => RiskLevel.High, _ => RiskLevel.Critical };
        }

        var criteria = new RiskCriteria(
            ["Once in ten years", "Once in five years", "Yearly", "Quarterly", "Monthly"], RiskCriteria.Default.Impact, matrix, RiskLevel.Medium);
        Assert.Equal(RiskLevel.Medium, RiskCriteria.Default.LevelOf(new RiskRating(1, 5))); // 5 by score
        Assert.Equal(RiskLevel.High, criteria.LevelOf(new RiskRating(1, 5)));
        Assert.Equal(RiskLevel.Low, criteria.LevelOf(new RiskRating(1, 2)));
        Assert.Equal("1 · Once in ten years", criteria.LikelihoodChoices[0].Title);
        Assert.Equal("5 · Severe", criteria.ImpactChoices[4].Title); // impact names left at their defaults

        using var world = new TestWorld(criteria: criteria);
        await world.PeopleAndControlsAsync();
        var saved = await new Chat(world, "dan@example.com").ClickAsync(RiskConversation.SubmitAction, Intake(likelihood: "1", impact: "5"));
        Assert.Equal("High", saved.ReplaceCard!.Data["level"]!.GetValue<string>());
        Assert.StartsWith("Above appetite (Medium)", saved.ReplaceCard.Data["appetite"]!.GetValue<string>(), StringComparison.Ordinal);
        var status = (await new Chat(world, "olive@example.com").SayAsync("status")).Replies.Single().Card!;
        Assert.Equal("Risks: 1 not closed, 1 above appetite (Medium)", status.Data["risks"]!.GetValue<string>());
        Assert.Equal("RISK-0001", status.Data["aboveAppetite"]![0]!["id"]!.GetValue<string>());
    }

    private static JsonObject Intake(string likelihood = "4", string impact = "4", string residualLikelihood = "", string residualImpact = "") => new()
    {
        ["title"] = "Laptops without disk encryption", ["category"] = "Security", ["likelihood"] = likelihood, ["impact"] = impact,
        ["residualLikelihood"] = residualLikelihood, ["residualImpact"] = residualImpact, ["owner"] = "olive@example.com",
        ["treatment"] = "mitigate", ["treatmentPlan"] = "Enrol the laptops in device management.", ["controls"] = "AC-01", ["reviewDate"] = "2027-01-15",
    };

    private static JsonObject Review(string status, string comment = "Half the laptops are enrolled.", string justification = "The remaining laptops are retired in April.", string acceptUntil = "2027-03-31") => new()
    {
        ["riskId"] = "RISK-0001", ["likelihood"] = "3", ["impact"] = "4", ["residualLikelihood"] = "2", ["residualImpact"] = "2",
        ["treatment"] = "mitigate", ["treatmentPlan"] = "Enrol the rest by March.", ["status"] = status, ["comment"] = comment,
        ["justification"] = justification, ["acceptUntil"] = acceptUntil, ["reviewDate"] = "2027-03-01",
    };
}

/// <summary>Treatment actions added on the review card, reminded to their owner like attestations, and marked done.</summary>
public class RiskLifecycleTreatmentActionTests
{
    [Fact]
    public async Task RiskLifecycle_treatment_actions_are_reminded_to_their_owner_until_marked_done()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        await new Chat(world, "dan@example.com").ClickAsync(RiskConversation.SubmitAction, new JsonObject
        {
            ["title"] = "Laptops without disk encryption", ["category"] = "Security", ["likelihood"] = "4", ["impact"] = "4",
            ["owner"] = "olive@example.com", ["reviewDate"] = "2027-01-15",
        });
        var olive = new Chat(world, "olive@example.com");
        JsonObject Review(string description, string owner, string due) => new()
        {
            ["riskId"] = "RISK-0001", ["likelihood"] = "4", ["impact"] = "4", ["status"] = "treating", ["comment"] = "Planning the roll-out.",
            ["reviewDate"] = "2027-03-01", ["actionDescription"] = description, ["actionOwner"] = owner, ["actionDue"] = due,
        };

        var incomplete = await olive.ClickAsync(RiskReviewConversation.SubmitAction, Review("Encrypt the field laptops", "", "2026-11-19"));
        Assert.Equal(["actionDue", "actionOwner"], incomplete.FieldErrors!.Select(e => e.Field).Order());

        var added = await olive.ClickAsync(RiskReviewConversation.SubmitAction, Review("Encrypt the field laptops", "dan@example.com", "2026-12-01"));
        Assert.Null(added.FieldErrors);
        var action = Assert.Single((await world.Store.FindAsync<Risk>("RISK-0001"))!.Document.Actions);
        Assert.Equal((1, "dan@example.com", new DateOnly(2026, 12, 1), (DateOnly?)null), (action.Number, action.OwnerId, action.DueOn, action.DoneOn));

        async Task<ReminderItem?> ReminderAsync() =>
            (await new ReminderPlanner(world.Store, world.Policy, world.ReminderPolicy, world.Criteria).PlanAsync(world.Time.GetUtcNow())).Items
                .SingleOrDefault(i => i.Topic == ReminderTopics.RiskAction);

        world.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero)); // 7 days before
        var dueSoon = await ReminderAsync();
        Assert.Equal(("RISK-0001/1", "dan@example.com", "due-7"), (dueSoon!.SubjectId, dueSoon.OwnerId, dueSoon.Stage));
        var card = ReminderCard.Compose([dueSoon]).Card!;
        Assert.Equal((true, "RISK-0001/1"), (card.Data["items"]![0]!["canComplete"]!.GetValue<bool>(), card.Data["items"]![0]!["actionId"]!.GetValue<string>()));

        world.Time.SetUtcNow(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero)); // 3 days late
        Assert.StartsWith("overdue", (await ReminderAsync())!.Stage, StringComparison.Ordinal);

        // Someone else cannot close it; Dan can, and Olive (the risk's owner) is told.
        await world.AddPersonAsync("nora@example.com", "Nora North");
        Assert.Contains("not yours", Chat.Text(await new Chat(world, "nora@example.com").SayAsync("done RISK-0001/1")), StringComparison.Ordinal);
        var done = await new Chat(world, "dan@example.com").ClickAsync(RiskReviewConversation.DoneAction, new JsonObject { ["actionId"] = "RISK-0001/1" });
        Assert.Contains("RISK-0001/1 done", Chat.Text(done), StringComparison.Ordinal);
        Assert.Equal("olive@example.com", Assert.Single(done.Notices!).PersonId);
        Assert.Null(await ReminderAsync());
        Assert.Equal(new DateOnly(2026, 12, 4), Assert.Single((await world.Store.FindAsync<Risk>("RISK-0001"))!.Document.Actions).DoneOn);
        var audit = (await world.Store.ListAsync<AuditEvent>()).Select(e => e.Document.Action).ToList();
        Assert.Contains("risk.action.added", audit);
        Assert.Contains("risk.action.done", audit);
    }
}
