using System.Text;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Filing;

/// <summary>
/// Evidence review in chat on the domain services (the channel tests drive the same flow through Teams and Slack):
/// filed evidence is submitted, the reviewer approves or rejects it, the uploader is told, and only approved evidence
/// counts. 20 November 2026: AC-02 (quarterly) is attested for 2026-Q3.
/// </summary>
public sealed class EvidenceReviewTests
{
    private static async Task<(TestWorld World, Chat Olive, Chat Ada, Chat Dan)> WorldAsync(string? reviewer = null)
    {
        var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var ada = await world.AddPersonAsync("ada@example.com", "Ada Admin");
        await world.Store.UpsertAsync(ada with { Roles = [ReminderConversation.ComplianceAdminRole] });
        if (reviewer is not null) await world.Store.UpdateAsync<Control>("AC-02", c => c with { ReviewerId = reviewer });
        var olive = new Chat(world, "olive@example.com");
        await olive.ClickAsync(AttestationConversation.SubmitAction, new JsonObject { ["controlId"] = "AC-02", ["period"] = "2026-Q3", ["result"] = "operating" });
        return (world, olive, new Chat(world, "ada@example.com"), new Chat(world, "dan@example.com"));
    }

    private static async Task<TurnResult> FileAsync(TestWorld world, Chat who, string control, string name = "access-review-q3.pdf")
    {
        var request = (await who.SendFileAsync(world.Files.Add(name, Encoding.UTF8.GetBytes("%PDF-1.7 " + name)))).Replies.Single().Card!;
        return await who.ClickAsync(EvidenceConversation.FileAction, new JsonObject
        {
            ["uploadId"] = request.Data["uploadId"]!.GetValue<string>(), ["control"] = control, ["effectiveDate"] = "2026-09-18",
        });
    }

    private static async Task<double> IsoPercentAsync(TestWorld world) => (await world.Coverage.ComputeAsync()).For(FrameworkIds.Iso27001)!.Percent;

    [Fact]
    public async Task EvidenceReview_submitted_goes_to_the_reviewer_counts_only_once_approved_and_the_uploader_is_told()
    {
        var (world, olive, ada, _) = await WorldAsync();
        using var _world = world;

        var filed = await FileAsync(world, olive, "AC-02");
        Assert.Equal("Sent for review to Ada Admin. It counts for coverage once approved.", filed.ReplaceCard!.Data["review"]!.GetValue<string>());
        var ask = Assert.Single(filed.Notices!);
        Assert.Equal("ada@example.com", ask.PersonId);
        var card = ask.Message.Card!;
        Assert.Equal(EvidenceReviewConversation.Template, card.Template);
        var rendered = CardLibrary.Render(card).ToJsonString();
        Assert.Contains(EvidenceReviewConversation.ApproveAction, rendered, StringComparison.Ordinal);
        Assert.DoesNotContain(EvidenceReviewConversation.ConfirmAction, rendered, StringComparison.Ordinal);

        var evidenceId = card.Data["evidenceId"]!.GetValue<string>();
        Assert.Equal(EvidenceReview.Submitted, (await world.Store.FindAsync<Evidence>(evidenceId))!.Document.Review);

        // The reviewer also finds it among her tasks, and opens the same card from there.
        var tasks = (await ada.SayAsync("tasks")).Replies.Single().Card!;
        var waiting = Assert.Single(tasks.Data["reviews"]!.AsArray())!;
        Assert.Equal((evidenceId, "to review"), (waiting["evidenceId"]!.GetValue<string>(), waiting["stage"]!.GetValue<string>()));
        Assert.Empty((await olive.SayAsync("tasks")).Replies.Single().Card!.Data["reviews"]!.AsArray()); // not hers to review
        var reopened = (await ada.ClickAsync(EvidenceReviewConversation.OpenAction, new JsonObject { ["evidenceId"] = evidenceId })).Replies.Single().Card!;
        Assert.Equal(EvidenceReviewConversation.Template, reopened.Template);
        Assert.Equal(0.0, await IsoPercentAsync(world)); // submitted evidence does not count

        var approved = await ada.ClickAsync(EvidenceReviewConversation.ApproveAction, new JsonObject { ["evidenceId"] = evidenceId });
        Assert.StartsWith("Approved by Ada Admin. It now counts for AC-02. Coverage: ISO/IEC 27001 0% → 1.1%", approved.ReplaceCard!.Data["outcome"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(EvidenceReviewConversation.ApproveAction, CardLibrary.Render(approved.ReplaceCard).ToJsonString(), StringComparison.Ordinal);
        var told = Assert.Single(approved.Notices!);
        Assert.Equal("olive@example.com", told.PersonId);
        Assert.StartsWith("Ada Admin approved access-review-q3.pdf", told.Message.Text, StringComparison.Ordinal);
        Assert.Equal(1.1, await IsoPercentAsync(world));

        var stored = (await world.Store.FindAsync<Evidence>(evidenceId))!.Document;
        Assert.Equal((EvidenceReview.Approved, "ada@example.com"), (stored.Review, stored.ReviewedBy));
        var again = await ada.ClickAsync(EvidenceReviewConversation.RejectAction, new JsonObject { ["evidenceId"] = evidenceId, ["reason"] = "second thoughts" });
        Assert.Contains("already approved", Chat.Text(again), StringComparison.Ordinal);
        Assert.Empty((await ada.SayAsync("tasks")).Replies.Single().Card!.Data["reviews"]!.AsArray());
    }

    [Fact]
    public async Task EvidenceReview_a_rejection_needs_a_reason_keeps_the_record_and_tells_the_uploader()
    {
        var (world, olive, ada, _) = await WorldAsync();
        using var _world = world;
        var evidenceId = (await FileAsync(world, olive, "AC-02")).Notices![0].Message.Card!.Data["evidenceId"]!.GetValue<string>();

        var blank = await ada.ClickAsync(EvidenceReviewConversation.RejectAction, new JsonObject { ["evidenceId"] = evidenceId, ["reason"] = " " });
        Assert.Equal("reason", Assert.Single(blank.FieldErrors!).Field);

        var rejected = await ada.ClickAsync(EvidenceReviewConversation.RejectAction, new JsonObject { ["evidenceId"] = evidenceId, ["reason"] = "This is the Q2 review, not Q3." });
        Assert.Contains("Rejected by Ada Admin: This is the Q2 review, not Q3.", rejected.ReplaceCard!.Data["outcome"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Send a corrected file with 'evidence AC-02'", Assert.Single(rejected.Notices!).Message.Text, StringComparison.Ordinal);

        var stored = (await world.Store.FindAsync<Evidence>(evidenceId))!.Document;
        Assert.Equal((EvidenceReview.Rejected, "This is the Q2 review, not Q3."), (stored.Review, stored.ReviewNote));
        Assert.Single(await world.Store.ListEvidenceForControlAsync("AC-02")); // nothing deleted
        Assert.Equal(0.0, await IsoPercentAsync(world));
        Assert.Contains((await world.Store.ListAsync<AuditEvent>()).Select(e => e.Document), e => e.Action == "evidence.rejected" && e.Details.Contains("reason=This is the Q2 review", StringComparison.Ordinal));

        // CorrectiveAction: the rejection can be recorded as a nonconformity of the control, its reason to start from.
        Assert.True(rejected.ReplaceCard.Data["offerNonconformity"]!.GetValue<bool>());
        var form = (await ada.ClickAsync(NonconformityConversation.OpenAction, new JsonObject
        {
            ["controlId"] = "AC-02", ["source"] = "evidenceRejected", ["sourceRef"] = evidenceId,
        })).Replies.Single().Card!;
        Assert.Contains("rejected as evidence: This is the Q2 review, not Q3.", form.Data["values"]!["whatHappened"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"From rejected evidence {evidenceId}. Control AC-02 Control AC-02.", form.Data["context"]!.GetValue<string>());
    }

    [Fact]
    public async Task EvidenceReview_a_file_from_someone_else_goes_to_the_owner_to_confirm_first()
    {
        var (world, olive, ada, dan) = await WorldAsync(reviewer: "ada@example.com");
        using var _world = world;

        // Dan answers for AC-01 and CRY-01, not for AC-02: Olive, its owner, confirms first.
        var filed = await FileAsync(world, dan, "AC-02");
        var ask = Assert.Single(filed.Notices!);
        Assert.Equal("olive@example.com", ask.PersonId);
        Assert.Contains(EvidenceReviewConversation.ConfirmAction, CardLibrary.Render(ask.Message.Card!).ToJsonString(), StringComparison.Ordinal);
        var evidenceId = ask.Message.Card!.Data["evidenceId"]!.GetValue<string>();

        // The reviewer cannot skip the owner, and the uploader cannot confirm their own file.
        Assert.EndsWith("is waiting for its owner to confirm it.", Chat.Text(await ada.ClickAsync(EvidenceReviewConversation.ApproveAction, new JsonObject { ["evidenceId"] = evidenceId })), StringComparison.Ordinal);
        Assert.Contains("someone else must confirm", Chat.Text(await dan.ClickAsync(EvidenceReviewConversation.ConfirmAction, new JsonObject { ["evidenceId"] = evidenceId })), StringComparison.Ordinal);

        var confirmed = await olive.ClickAsync(EvidenceReviewConversation.ConfirmAction, new JsonObject { ["evidenceId"] = evidenceId });
        Assert.Contains("sent for review to Ada Admin", confirmed.ReplaceCard!.Data["outcome"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["ada@example.com", "dan@example.com"], confirmed.Notices!.Select(n => n.PersonId).Order());
        Assert.Equal(("olive@example.com", EvidenceReview.Submitted), ((await world.Store.FindAsync<Evidence>(evidenceId))!.Document.ConfirmedBy, (await world.Store.FindAsync<Evidence>(evidenceId))!.Document.Review));

        await ada.ClickAsync(EvidenceReviewConversation.ApproveAction, new JsonObject { ["evidenceId"] = evidenceId });
        Assert.Equal(1.1, await IsoPercentAsync(world));
    }

    [Fact]
    public async Task EvidenceReview_only_the_controls_reviewer_reviews_and_nobody_reviews_their_own_upload()
    {
        var (world, olive, ada, dan) = await WorldAsync(reviewer: "dan@example.com");
        using var _world = world;
        var filed = await FileAsync(world, olive, "AC-02");
        Assert.Equal("dan@example.com", Assert.Single(filed.Notices!).PersonId); // the control's reviewer, not the admins
        var evidenceId = filed.Notices![0].Message.Card!.Data["evidenceId"]!.GetValue<string>();

        Assert.StartsWith("Only the reviewer of AC-02", Chat.Text(await ada.ClickAsync(EvidenceReviewConversation.ApproveAction, new JsonObject { ["evidenceId"] = evidenceId })), StringComparison.Ordinal);
        Assert.Contains("someone else must review", Chat.Text(await olive.ClickAsync(EvidenceReviewConversation.ApproveAction, new JsonObject { ["evidenceId"] = evidenceId })), StringComparison.Ordinal);
        Assert.NotNull((await dan.ClickAsync(EvidenceReviewConversation.ApproveAction, new JsonObject { ["evidenceId"] = evidenceId })).ReplaceCard);
    }

    [Fact]
    public async Task Answering_operated_without_approved_evidence_for_the_period_says_what_is_missing_and_offers_the_upload()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var olive = new Chat(world, "olive@example.com");

        // AC-02: quarterly, freshness 100 days; 2026-Q3 ends 30 September, so evidence from 22 June on supports it.
        var none = await olive.ClickAsync(AttestationConversation.SubmitAction, new JsonObject { ["controlId"] = "AC-02", ["period"] = "2026-Q3", ["result"] = "operating" });
        Assert.True(none.ReplaceCard!.Data["offerUpload"]!.GetValue<bool>());
        Assert.Equal("AC-02 counts once it has approved evidence dated 2026-06-22 to 2026-09-30; none is filed yet.", none.ReplaceCard.Data["missingEvidence"]!.GetValue<string>());
        Assert.Contains("evidence.start", CardLibrary.Render(none.ReplaceCard).ToJsonString(), StringComparison.Ordinal);

        var empty = (await olive.SayAsync("attest AC-02")).Replies.Single().Card!;
        Assert.Equal((true, "2026-06-22 to 2026-09-30"), (empty.Data["noEvidence"]!.GetValue<bool>(), empty.Data["evidenceWindow"]!.GetValue<string>()));

        await FileAsync(world, olive, "AC-02"); // dated 18 September, submitted
        await FileAsync(world, olive, "AC-02", "october-review.pdf"); // dated 18 September too; moved below to October
        var october = (await world.Store.ListEvidenceForControlAsync("AC-02")).Single(e => e.FileName == "october-review.pdf");
        await world.Store.UpdateAsync<Evidence>(october.Id, e => e with { EffectiveOn = new DateOnly(2026, 10, 5) });

        // The attestation card lists the evidence for its period only, with where each file's review stands.
        var listed = (await olive.SayAsync("attest AC-02")).Replies.Single().Card!;
        var item = Assert.Single(listed.Data["evidence"]!.AsArray())!;
        Assert.Equal("access-review-q3.pdf · 2026-09-18 · with the reviewer", item["title"]!.GetValue<string>());
        var link = CardLibrary.Render(listed)["body"]!.AsArray().Single(b => b?["id"]?.GetValue<string>() == "evidenceIds")!;
        Assert.Equal("access-review-q3.pdf · 2026-09-18 · with the reviewer", link["choices"]![0]!["title"]!.GetValue<string>());
        Assert.Equal(item["value"]!.GetValue<string>(), link["value"]!.GetValue<string>()); // ticked at first
        var waiting = await olive.ClickAsync(AttestationConversation.SubmitAction, new JsonObject { ["controlId"] = "AC-02", ["period"] = "2026-Q3", ["result"] = "operating" });
        Assert.StartsWith("AC-02 counts once its evidence for 2026-Q3 is approved: access-review-q3.pdf is still with the reviewer", waiting.ReplaceCard!.Data["missingEvidence"]!.GetValue<string>(), StringComparison.Ordinal);

        var evidence = (await world.Store.ListEvidenceForControlAsync("AC-02")).Single(e => e.FileName == "access-review-q3.pdf");
        await world.Store.UpdateAsync<Evidence>(evidence.Id, e => e with { Review = EvidenceReview.Approved, ReviewedBy = "ada@example.com" });
        var supported = await olive.ClickAsync(AttestationConversation.SubmitAction, new JsonObject { ["controlId"] = "AC-02", ["period"] = "2026-Q3", ["result"] = "operating" });
        Assert.False(supported.ReplaceCard!.Data["offerUpload"]!.GetValue<bool>());
        Assert.DoesNotContain("evidence.start", CardLibrary.Render(supported.ReplaceCard).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_links_the_periods_evidence_to_the_answer_and_cannot_link_anything_else()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var olive = new Chat(world, "olive@example.com");
        await FileAsync(world, olive, "AC-02");
        await FileAsync(world, olive, "AC-02", "draft.pdf");
        await FileAsync(world, olive, "AC-01", "other-control.pdf");
        var all = await world.Store.ListAsync<Evidence>();
        string IdOf(string name) => all.Single(e => e.Document.FileName == name).Document.Id;
        await world.Store.UpdateAsync<Evidence>(IdOf("draft.pdf"), e => e with { Review = EvidenceReview.Rejected, ReviewNote = "Wrong quarter" });

        // Rejected files are listed with the reason, not offered.
        var card = (await olive.SayAsync("attest AC-02")).Replies.Single().Card!;
        Assert.Equal([IdOf("access-review-q3.pdf")], card.Data["evidence"]!.AsArray().Select(e => e!["value"]!.GetValue<string>()));
        Assert.Equal("Wrong quarter", card.Data["rejected"]![0]!["reason"]!.GetValue<string>());

        JsonObject Answer(string ids) => new() { ["controlId"] = "AC-02", ["period"] = "2026-Q3", ["result"] = "operating", ["evidenceIds"] = ids };
        var foreign = await olive.ClickAsync(AttestationConversation.SubmitAction, Answer(IdOf("other-control.pdf")));
        Assert.Equal("evidenceIds", Assert.Single(foreign.FieldErrors!).Field);
        var refused = await olive.ClickAsync(AttestationConversation.SubmitAction, Answer(IdOf("draft.pdf")));
        Assert.Contains("Wrong quarter", Assert.Single(refused.FieldErrors!).Message, StringComparison.Ordinal);
        Assert.Equal(AttestationStatus.Requested, (await world.Store.FindAsync<Attestation>("AC-02:2026-Q3"))?.Document.Status ?? AttestationStatus.Requested);

        var answered = await olive.ClickAsync(AttestationConversation.SubmitAction, Answer(IdOf("access-review-q3.pdf")));
        Assert.Equal("access-review-q3.pdf", answered.ReplaceCard!.Data["linkedEvidence"]!.GetValue<string>());
        Assert.Equal([IdOf("access-review-q3.pdf")], (await world.Store.FindAsync<Attestation>("AC-02:2026-Q3"))!.Document.EvidenceIds);
    }
}
