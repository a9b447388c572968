using System.Text;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Records;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Conversations;

public class ConversationTests
{
    [Fact]
    public async Task Unknown_user_gets_a_clear_answer_not_an_exception()
    {
        using var world = new TestWorld();
        var reply = await new Chat(world, "stranger@example.com").SayAsync("hi");
        Assert.Contains("don't know you yet (stranger@example.com)", Chat.Text(reply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Greeting_shows_the_help_card_and_remembers_where_to_reach_the_person()
    {
        using var world = new TestWorld();
        var (olive, _) = await world.PeopleAndControlsAsync();
        var reply = await new Chat(world, "Olive@Example.com").SayAsync("hi");
        Assert.Equal(HelpConversation.Template, reply.Replies.Single().Card!.Template);
        var reference = (await world.Store.FindAsync<ConversationReference>("teams:olive@example.com"))!.Document;
        Assert.Equal(("a:dm-29:user", "https://smba.example/amer/"), (reference.Address.ConversationId, reference.Address.ServiceUrl));
        Assert.Contains((await world.Store.FindAsync<Person>(olive.Id))!.Document.ChatIdentities, i => i.UserId == "29:user");
    }

    [Fact]
    public void Help_lists_the_digest_commands_to_compliance_admins_only()
    {
        using var world = new TestWorld();
        string Commands(Person person) => HelpConversation.Show(person, world.Actions).Replies.Single().Card!.Data["commands"]!.ToJsonString();
        var admin = new Person { Id = "lead@example.com", Email = "lead@example.com", DisplayName = "Lee Lead", Roles = [ReminderConversation.ComplianceAdminRole] };
        var employee = new Person { Id = "eve@example.com", Email = "eve@example.com", DisplayName = "Eve Employee" };
        Assert.Contains("digest", Commands(admin), StringComparison.Ordinal);
        Assert.Contains("subscribe", Commands(admin), StringComparison.Ordinal);
        Assert.DoesNotContain("digest", Commands(employee), StringComparison.Ordinal);
        Assert.Contains("attest AC-01", Commands(employee), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Risk_intake_validates_each_field_then_saves_scores_and_tells_the_owner()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var dan = new Chat(world, "dan@example.com");

        var form = (await dan.SayAsync("risk")).Replies.Single().Card!;
        Assert.Equal("dan@example.com", form.Data["values"]!["owner"]!.GetValue<string>());

        var invalid = await dan.ClickAsync(RiskConversation.SubmitAction, new JsonObject
        {
            ["title"] = "Laptops without disk encryption", ["category"] = "Security", ["likelihood"] = "4",
            ["owner"] = "olive@example.com", ["reviewDate"] = "next spring", ["controls"] = "AC-01",
        });
        Assert.Equal(["impact", "reviewDate"], invalid.FieldErrors!.Select(e => e.Field).Order());
        Assert.Equal(RiskConversation.FormTemplate, invalid.ReplaceCard!.Template);
        Assert.Equal("Laptops without disk encryption", invalid.ReplaceCard.Data["values"]!["title"]!.GetValue<string>());
        Assert.Equal(0, await world.Store.CountAsync<Risk>());

        var saved = await dan.ClickAsync(RiskConversation.SubmitAction, new JsonObject
        {
            ["title"] = "Laptops without disk encryption", ["category"] = "Security", ["likelihood"] = "4", ["impact"] = "5",
            ["owner"] = "olive@example.com", ["reviewDate"] = "2027-01-15", ["controls"] = "ac-01, CRY-01", ["treatment"] = "mitigate",
        });
        Assert.Equal(RiskConversation.SavedTemplate, saved.ReplaceCard!.Template);
        Assert.Equal(("RISK-0001", 20, "Critical"), (saved.ReplaceCard.Data["id"]!.GetValue<string>(), saved.ReplaceCard.Data["score"]!.GetValue<int>(), saved.ReplaceCard.Data["level"]!.GetValue<string>()));
        var notice = Assert.Single(saved.Notices!);
        Assert.Equal("olive@example.com", notice.PersonId);
        Assert.Contains("Dan Delegate raised RISK-0001", notice.Message.Text, StringComparison.Ordinal);
        var risk = (await world.Store.FindAsync<Risk>("RISK-0001"))!.Document;
        Assert.Equal(["AC-01", "CRY-01"], risk.LinkedControlIds);
    }

    [Fact]
    public async Task Similar_risk_titles_are_flagged_as_likely_duplicates()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var olive = new Chat(world, "olive@example.com");
        JsonObject Form(string title) => new()
        {
            ["title"] = title, ["category"] = "Security", ["likelihood"] = "3", ["impact"] = "3",
            ["owner"] = "olive@example.com", ["reviewDate"] = "2027-01-15",
        };
        await olive.ClickAsync(RiskConversation.SubmitAction, Form("Field laptops without disk encryption"));
        var second = await olive.ClickAsync(RiskConversation.SubmitAction, Form("Laptop disk encryption missing in the field"));
        var third = await olive.ClickAsync(RiskConversation.SubmitAction, Form("Supplier contracts lack breach notification"));

        Assert.True(second.ReplaceCard!.Data["hasDuplicates"]!.GetValue<bool>());
        Assert.Equal("RISK-0001", second.ReplaceCard.Data["duplicates"]![0]!["id"]!.GetValue<string>());
        Assert.False(third.ReplaceCard!.Data["hasDuplicates"]!.GetValue<bool>());
        Assert.Empty(second.Notices!);
    }

    [Fact]
    public async Task Attestation_is_refused_to_others_and_not_operating_needs_a_comment()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();

        var refused = await new Chat(world, "dan@example.com").SayAsync("attest AC-02");
        Assert.Contains("Only Olive Owner (the owner) or the delegate can attest AC-02", Chat.Text(refused), StringComparison.Ordinal);

        var olive = new Chat(world, "olive@example.com");
        var card = (await olive.SayAsync("attest ac-02")).Replies.Single().Card!;
        Assert.Equal(("AC-02", "2026-Q3"), (card.Data["controlId"]!.GetValue<string>(), card.Data["period"]!.GetValue<string>())); // the quarter that ended

        var noComment = await olive.ClickAsync(AttestationConversation.SubmitAction, new JsonObject { ["controlId"] = "AC-02", ["result"] = "notOperating" });
        Assert.Equal("comment", Assert.Single(noComment.FieldErrors!).Field);
        Assert.Equal(AttestationConversation.Template, noComment.ReplaceCard!.Template);

        var answered = await olive.ClickAsync(AttestationConversation.SubmitAction, new JsonObject
        {
            ["controlId"] = "AC-02", ["period"] = "2026-Q3", ["result"] = "notOperating", ["comment"] = "Reviews were skipped in September.",
        });
        Assert.Equal(AttestationConversation.AnsweredTemplate, answered.ReplaceCard!.Template);
        Assert.True(answered.ReplaceCard.Data["offerRisk"]!.GetValue<bool>());
        var stored = (await world.Store.FindAsync<Attestation>("AC-02:2026-Q3"))!.Document;
        Assert.Equal((AttestationResult.NotOperating, "olive@example.com"), (stored.Result!.Value, stored.AttestorId));
    }

    [Fact]
    public async Task Delegate_can_attest_and_the_answered_card_offers_no_risk_when_operating()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var answered = await new Chat(world, "dan@example.com").ClickAsync(AttestationConversation.SubmitAction, new JsonObject { ["controlId"] = "AC-01", ["result"] = "operating" });
        Assert.False(answered.ReplaceCard!.Data["offerRisk"]!.GetValue<bool>());
        Assert.Equal("Dan Delegate", answered.ReplaceCard.Data["attestor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Evidence_upload_asks_for_the_control_files_it_and_sends_it_for_review()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var olive = new Chat(world, "olive@example.com");
        await olive.ClickAsync(AttestationConversation.SubmitAction, new JsonObject { ["controlId"] = "AC-02", ["result"] = "operating" });

        await olive.ClickAsync(EvidenceConversation.StartAction, new JsonObject { ["controlId"] = "AC-02" });
        var content = Encoding.UTF8.GetBytes("%PDF-1.7 access review Q4");
        var request = (await olive.SendFileAsync(world.Files.Add("access-review-q4.pdf", content))).Replies.Single().Card!;
        Assert.Equal(EvidenceConversation.RequestTemplate, request.Template);
        Assert.Equal("AC-02", request.Data["values"]!["control"]!.GetValue<string>());
        Assert.Equal("AC-01", request.Data["controls"]![0]!["id"]!.GetValue<string>()); // her own controls first
        var uploadId = request.Data["uploadId"]!.GetValue<string>();

        var badDate = await olive.ClickAsync(EvidenceConversation.FileAction, new JsonObject { ["uploadId"] = uploadId, ["control"] = "AC-02", ["effectiveDate"] = "20/11/2026" });
        Assert.Equal("effectiveDate", Assert.Single(badDate.FieldErrors!).Field);
        Assert.Equal(0, world.Files.Downloads);

        // The review it records was held in September: evidence for the quarter AC-02 was attested for (2026-Q3).
        var filed = await olive.ClickAsync(EvidenceConversation.FileAction, new JsonObject { ["uploadId"] = uploadId, ["control"] = "AC-02", ["effectiveDate"] = "2026-09-18" });
        Assert.Equal(EvidenceConversation.FiledTemplate, filed.ReplaceCard!.Template);
        Assert.StartsWith("Nobody can review it yet: set a reviewer for AC-02", filed.ReplaceCard.Data["review"]!.GetValue<string>(), StringComparison.Ordinal);
        var evidence = Assert.Single(await world.Store.ListEvidenceForControlAsync("AC-02"));
        Assert.Equal(content.Length, evidence.SizeBytes);

        var again = await olive.ClickAsync(EvidenceConversation.FileAction, new JsonObject { ["uploadId"] = uploadId, ["control"] = "AC-02", ["effectiveDate"] = "2026-09-18" });
        Assert.Contains($"already filed as {evidence.Id}", Chat.Text(again), StringComparison.Ordinal);
        Assert.Equal(1, await world.Store.CountAsync<Evidence>());
    }

    [Fact]
    public async Task Oversized_or_unaccepted_files_are_refused_before_anything_is_kept()
    {
        using var world = new TestWorld(EvidencePolicy.Default with { MaxBytes = 1024 });
        await world.PeopleAndControlsAsync();
        var olive = new Chat(world, "olive@example.com");

        var big = await olive.SendFileAsync(world.Files.Add("dump.pdf", new byte[10], declaredSize: 5_000_000));
        Assert.Contains("at most 1 KB", Chat.Text(big), StringComparison.Ordinal);
        var exe = await olive.SendFileAsync(world.Files.Add("tool.exe", [1, 2, 3], "application/x-msdownload"));
        Assert.Contains("not accepted as evidence", Chat.Text(exe), StringComparison.Ordinal);

        // A file whose declared size lied is stopped while downloading, and the card says why.
        var liar = (await olive.SendFileAsync(world.Files.Add("liar.pdf", new byte[4096], declaredSize: 100))).Replies.Single().Card!;
        var refused = await olive.ClickAsync(EvidenceConversation.FileAction, new JsonObject { ["uploadId"] = liar.Data["uploadId"]!.GetValue<string>(), ["control"] = "AC-01", ["effectiveDate"] = "2026-11-18" });
        Assert.Equal("file", Assert.Single(refused.FieldErrors!).Field);
        Assert.Equal(0, await world.Store.CountAsync<Evidence>());
        Assert.Equal(1, await world.Store.CountAsync<PendingUpload>()); // only the one that got as far as a card
    }

    [Fact]
    public async Task LookBack_a_Q3_card_answered_on_2_October_is_a_Q3_answer_and_a_card_for_a_running_quarter_is_refused()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var olive = new Chat(world, "olive@example.com");

        // The card names the quarter that ended and its dates (20 November: Q3's answer was due 7 October).
        var card = (await olive.SayAsync("attest AC-02")).Replies.Single().Card!;
        Assert.Equal(("2026-Q3", "2026-07-01", "2026-09-30"), (card.Data["period"]!.GetValue<string>(), card.Data["periodStart"]!.GetValue<string>(), card.Data["periodEnd"]!.GetValue<string>()));
        Assert.Equal("overdue since 2026-10-07 (44 days late)", card.Data["dueStatus"]!.GetValue<string>());

        // A Q2 card left in the chat and answered today still records Q2 (late), not the quarter of today.
        var q2 = await olive.ClickAsync(AttestationConversation.SubmitAction, new JsonObject { ["controlId"] = "AC-02", ["period"] = "2026-Q2", ["result"] = "operating" });
        Assert.Equal(("2026-Q2", true), (q2.ReplaceCard!.Data["period"]!.GetValue<string>(), q2.ReplaceCard.Data["late"]!.GetValue<bool>()));
        Assert.NotNull(await world.Store.FindAsync<Attestation>("AC-02:2026-Q2"));
        Assert.Null(await world.Store.FindAsync<Attestation>("AC-02:2026-Q3"));

        // A card claiming the running quarter is refused, naming the field; nothing is stored.
        var early = await olive.ClickAsync(AttestationConversation.SubmitAction, new JsonObject { ["controlId"] = "AC-02", ["period"] = "2026-Q4", ["result"] = "operating" });
        Assert.Equal("period", Assert.Single(early.FieldErrors!).Field);
        Assert.Null(await world.Store.FindAsync<Attestation>("AC-02:2026-Q4"));
    }

    [Fact]
    public async Task LookBack_a_Q3_card_answered_on_2_October_is_recorded_for_Q3_and_on_time()
    {
        using var world = new TestWorld(start: new DateTimeOffset(2026, 10, 2, 10, 0, 0, TimeSpan.Zero));
        await world.PeopleAndControlsAsync();
        var olive = new Chat(world, "olive@example.com");
        var answered = await olive.ClickAsync(AttestationConversation.SubmitAction, new JsonObject { ["controlId"] = "AC-02", ["period"] = "2026-Q3", ["result"] = "operating" });
        var stored = (await world.Store.FindAsync<Attestation>("AC-02:2026-Q3"))!.Document;
        Assert.Equal(("2026-Q3", false, new DateOnly(2026, 10, 7)), (stored.Period, stored.Late, stored.DueOn));
        Assert.False(answered.ReplaceCard!.Data["late"]!.GetValue<bool>());
    }

    [Fact]
    public async Task My_tasks_lists_open_attestations_missing_evidence_and_due_risk_reviews()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var olive = new Chat(world, "olive@example.com");
        await olive.ClickAsync(AttestationConversation.SubmitAction, new JsonObject { ["controlId"] = "AC-02", ["result"] = "operating" });
        await olive.ClickAsync(RiskConversation.SubmitAction, new JsonObject
        {
            ["title"] = "Backups never restored in a test", ["category"] = "Operational", ["likelihood"] = "3", ["impact"] = "4",
            ["owner"] = "olive@example.com", ["reviewDate"] = "2026-12-01",
        });

        var card = (await olive.SayAsync("tasks")).Replies.Single().Card!;
        Assert.Equal(TasksConversation.Template, card.Template);
        Assert.Equal(["AC-01"], card.Data["attestations"]!.AsArray().Select(a => a!["controlId"]!.GetValue<string>()));
        Assert.Equal("overdue since 2026-10-07 (44 days late)", card.Data["attestations"]![0]!["status"]!.GetValue<string>()); // 2026-Q3's
        Assert.Equal(["AC-02"], card.Data["evidence"]!.AsArray().Select(a => a!["controlId"]!.GetValue<string>()));
        Assert.Equal("RISK-0001", card.Data["risks"]![0]!["id"]!.GetValue<string>());
        Assert.NotNull(CardLibrary.Render(card));
    }

    [Fact]
    public async Task Status_shows_both_frameworks()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var card = (await new Chat(world, "olive@example.com").SayAsync("status")).Replies.Single().Card!;
        Assert.Equal(["ISO/IEC 27001", "SOC 2"], card.Data["frameworks"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal("no figures from last week yet", card.Data["frameworks"]![0]!["change"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_commands_and_stale_buttons_get_a_helpful_answer()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var olive = new Chat(world, "olive@example.com");
        Assert.Contains("don't know \"dance\"", Chat.Text(await olive.SayAsync("dance")), StringComparison.Ordinal);
        Assert.Contains("older card", Chat.Text(await olive.ClickAsync("legacy.button", [])), StringComparison.Ordinal);
        Assert.Contains("There is no control ZZ-99", Chat.Text(await olive.SayAsync("attest ZZ-99")), StringComparison.Ordinal);
    }
}
