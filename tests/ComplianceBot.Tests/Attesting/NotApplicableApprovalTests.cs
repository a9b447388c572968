using System.Text.Json.Nodes;
using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Attesting;

/// <summary>
/// Governed "not applicable" on the domain services and the chat turns (the channel tests run the same through
/// Teams and Slack). 20 November 2026: AC-02 (ISO 5.18 only) is attested for 2026-Q3.
/// </summary>
public sealed class NotApplicableApprovalTests
{
    private static async Task<(TestWorld World, Chat Olive, Chat Ada)> WorldAsync()
    {
        var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var ada = await world.AddPersonAsync("ada@example.com", "Ada Admin");
        await world.Store.UpsertAsync(ada with { Roles = [ReminderConversation.ComplianceAdminRole] });
        return (world, new Chat(world, "olive@example.com"), new Chat(world, "ada@example.com"));
    }

    private static async Task<RequirementCoverage> Requirement518Async(TestWorld world) =>
        (await world.Coverage.ComputeAsync()).For(FrameworkIds.Iso27001)!.Requirements.Single(r => r.Requirement.Id == "5.18");

    [Fact]
    public async Task NotApplicableApproval_needs_a_justification()
    {
        var (world, _, _) = await WorldAsync();
        using var _world = world;
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Attestations.AnswerAsync(
            new AttestationAnswer("AC-02", "olive@example.com", AttestationResult.NotApplicable, " ", [])));
        Assert.Equal("comment", error.Errors.Single().Field);
    }

    [Fact]
    public async Task NotApplicableApproval_unapproved_leaves_coverage_unchanged_approved_excludes_the_control_and_the_owner_is_told()
    {
        var (world, olive, ada) = await WorldAsync();
        using var _world = world;
        var before = await world.Coverage.ComputeAsync();

        var answered = await olive.ClickAsync(AttestationConversation.SubmitAction, new JsonObject
        {
            ["controlId"] = "AC-02", ["period"] = "2026-Q3", ["result"] = "notApplicable", ["comment"] = "No privileged accounts exist in scope.",
        });
        Assert.StartsWith("Sent to Ada Admin for approval; until approved, AC-02 counts as not answered.", answered.ReplaceCard!.Data["approval"]!.GetValue<string>(), StringComparison.Ordinal);
        var ask = Assert.Single(answered.Notices!);
        Assert.Equal(("ada@example.com", NotApplicableApprovalConversation.ApprovalTemplate), (ask.PersonId, ask.Message.Card!.Template));
        Assert.Contains(NotApplicableApprovalConversation.ApproveNotApplicableAction, CardLibrary.Render(ask.Message.Card).ToJsonString(), StringComparison.Ordinal);

        // Unapproved: nothing moves. 5.18 stays a gap, AC-02 counts as not answered.
        var pending = await world.Coverage.ComputeAsync();
        Assert.Equal(before.For(FrameworkIds.Iso27001)!.Percent, pending.For(FrameworkIds.Iso27001)!.Percent);
        Assert.Equal(before.For(FrameworkIds.Iso27001)!.Excluded, pending.For(FrameworkIds.Iso27001)!.Excluded);
        Assert.Equal(RequirementState.Gap, (await Requirement518Async(world)).State);
        Assert.Equal(ControlFinding.NotApplicablePendingApproval, pending.Controls.Single(c => c.ControlId == "AC-02").Finding);

        // Ada finds it in her tasks, with nothing excluded yet.
        var tasks = (await ada.SayAsync("tasks")).Replies.Single().Card!;
        Assert.Equal("AC-02:2026-Q3", Assert.Single(tasks.Data["approvals"]!.AsArray())!["attestationId"]!.GetValue<string>());
        Assert.Empty(tasks.Data["excluded"]!.AsArray());

        var approved = await ada.ClickAsync(NotApplicableApprovalConversation.ApproveNotApplicableAction, new JsonObject { ["attestationId"] = "AC-02:2026-Q3" });
        Assert.StartsWith("Approved by Ada Admin: AC-02 is not applicable for 2026-Q3", approved.ReplaceCard!.Data["outcome"]!.GetValue<string>(), StringComparison.Ordinal);
        var told = Assert.Single(approved.Notices!);
        Assert.Equal(("olive@example.com", "Ada Admin approved your \"not applicable\" answer for AC-02 2026-Q3."), (told.PersonId, told.Message.Text));

        // Approved: AC-02 drops out; 5.18 (only AC-02) is excluded by its controls and leaves the percentage's base.
        var after = await world.Coverage.ComputeAsync();
        Assert.Equal(ControlState.NotApplicable, after.Controls.Single(c => c.ControlId == "AC-02").State);
        var requirement = await Requirement518Async(world);
        Assert.Equal((RequirementState.ExcludedByControls, CoverageCalculator.ExcludedByControlsNote), (requirement.State, requirement.Justification));
        Assert.Equal(before.For(FrameworkIds.Iso27001)!.Excluded + 1, after.For(FrameworkIds.Iso27001)!.Excluded);

        tasks = (await ada.SayAsync("tasks")).Replies.Single().Card!;
        Assert.Empty(tasks.Data["approvals"]!.AsArray());
        Assert.Equal("5.18", Assert.Single(tasks.Data["excluded"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Contains((await world.Store.ListAsync<AuditEvent>()).Select(e => e.Document), e => e.Action == "attestation.not_applicable.approved");
    }

    [Fact]
    public async Task NotApplicableApproval_a_rejection_needs_a_reason_and_the_control_needs_a_real_answer()
    {
        var (world, olive, ada) = await WorldAsync();
        using var _world = world;
        await olive.ClickAsync(AttestationConversation.SubmitAction, new JsonObject
        {
            ["controlId"] = "AC-02", ["period"] = "2026-Q3", ["result"] = "notApplicable", ["comment"] = "Not relevant.",
        });

        var blank = await ada.ClickAsync(NotApplicableApprovalConversation.RejectNotApplicableAction, new JsonObject { ["attestationId"] = "AC-02:2026-Q3", ["reason"] = "" });
        Assert.Equal("reason", Assert.Single(blank.FieldErrors!).Field);

        var rejected = await ada.ClickAsync(NotApplicableApprovalConversation.RejectNotApplicableAction, new JsonObject { ["attestationId"] = "AC-02:2026-Q3", ["reason"] = "Admins exist on the finance system." });
        Assert.Contains("Answer it again: send 'attest AC-02'", Assert.Single(rejected.Notices!).Message.Text, StringComparison.Ordinal);
        var status = (await world.Coverage.ComputeAsync()).Controls.Single(c => c.ControlId == "AC-02");
        Assert.Equal((ControlState.Gap, ControlFinding.NotApplicableRejected), (status.State, status.Finding));

        // Answering again replaces the rejected answer (and its decision).
        var again = await world.Attestations.AnswerAsync(new AttestationAnswer("AC-02", "olive@example.com", AttestationResult.Operating, null, [], "2026-Q3"));
        Assert.Equal((AttestationResult.Operating, (NotApplicableApproval?)null, (string?)null), (again.Result!.Value, again.Approval, again.ApprovalNote));
    }

    [Fact]
    public async Task NotApplicableApproval_only_another_compliance_admin_decides()
    {
        var (world, olive, ada) = await WorldAsync();
        using var _world = world;
        await world.Store.UpsertAsync((await world.Store.FindAsync<Person>("olive@example.com"))!.Document with { Roles = [ReminderConversation.ComplianceAdminRole] });
        var answered = await olive.ClickAsync(AttestationConversation.SubmitAction, new JsonObject
        {
            ["controlId"] = "AC-02", ["period"] = "2026-Q3", ["result"] = "notApplicable", ["comment"] = "Not relevant.",
        });
        Assert.Equal(["ada@example.com"], answered.Notices!.Select(n => n.PersonId)); // not Olive herself

        Assert.StartsWith("You gave this answer", Chat.Text(await olive.ClickAsync(NotApplicableApprovalConversation.ApproveNotApplicableAction, new JsonObject { ["attestationId"] = "AC-02:2026-Q3" })), StringComparison.Ordinal);
        Assert.StartsWith("Only a compliance admin", Chat.Text(await new Chat(world, "dan@example.com").ClickAsync(NotApplicableApprovalConversation.ApproveNotApplicableAction, new JsonObject { ["attestationId"] = "AC-02:2026-Q3" })), StringComparison.Ordinal);
        Assert.Equal(NotApplicableApproval.Pending, (await world.Store.FindAsync<Attestation>("AC-02:2026-Q3"))!.Document.Approval);
        Assert.NotNull((await ada.ClickAsync(NotApplicableApprovalConversation.ApproveNotApplicableAction, new JsonObject { ["attestationId"] = "AC-02:2026-Q3" })).ReplaceCard);
    }
}
