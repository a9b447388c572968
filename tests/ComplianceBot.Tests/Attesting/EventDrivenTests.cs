using System.Text.Json.Nodes;
using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Attesting;

/// <summary>Controls that run on events: incidents, changes, joiners and leavers, answered per period about their occurrences.</summary>
public sealed class EventDrivenTests
{
    private static async Task<TestWorld> WorldAsync()
    {
        var world = new TestWorld(); // 20 November 2026: the quarterly controls are attested for 2026-Q3
        await world.PeopleAndControlsAsync();
        await world.Store.UpdateAsync<Control>("CRY-01", c => c with { Name = "Change approval", EventDriven = true });
        return world;
    }

    [Fact]
    public async Task Operated_on_every_occurrence_needs_a_count_or_references_and_keeps_them()
    {
        using var world = await WorldAsync();
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Attestations.AnswerAsync(
            new AttestationAnswer("CRY-01", "dan@example.com", AttestationResult.Operating, null, [])));
        Assert.Equal("occurrences", error.Errors.Single().Field);

        var answered = await world.Attestations.AnswerAsync(new AttestationAnswer(
            "CRY-01", "dan@example.com", AttestationResult.Operating, null, [], Occurrences: 3, References: [" CHG-101", "CHG-102", "CHG-101", ""]));
        Assert.Equal(3, answered.Occurrences);
        Assert.Equal(["CHG-101", "CHG-102"], answered.References);
        Assert.Contains("occurrences=3 references=CHG-101 CHG-102", (await world.Store.FindLastAuditEventAsync())!.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_occurrences_is_for_event_driven_controls_only_and_says_none()
    {
        using var world = await WorldAsync();
        var scheduled = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Attestations.AnswerAsync(
            new AttestationAnswer("AC-02", "olive@example.com", AttestationResult.NoOccurrences, null, [])));
        Assert.Equal("result", scheduled.Errors.Single().Field);

        var contradicted = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Attestations.AnswerAsync(
            new AttestationAnswer("CRY-01", "dan@example.com", AttestationResult.NoOccurrences, null, [], Occurrences: 2)));
        Assert.Equal("occurrences", contradicted.Errors.Single().Field);
        Assert.Equal(0, await world.Store.CountAsync<Attestation>());

        var none = await world.Attestations.AnswerAsync(new AttestationAnswer("CRY-01", "dan@example.com", AttestationResult.NoOccurrences, null, [], Occurrences: 0));
        Assert.Equal((AttestationResult.NoOccurrences, 0), (none.Result, none.Occurrences));
    }

    [Fact]
    public async Task No_occurrences_counts_as_operating_for_the_period_and_is_shown_as_such()
    {
        using var world = await WorldAsync();
        await world.Attestations.AnswerAsync(new AttestationAnswer("CRY-01", "dan@example.com", AttestationResult.NoOccurrences, null, []));

        var report = await world.Coverage.ComputeAsync();
        var status = report.Controls.Single(c => c.ControlId == "CRY-01");
        Assert.Equal((ControlState.Effective, ControlFinding.NoOccurrences, "2026-Q3"), (status.State, status.Finding, status.AttestedPeriod));
        Assert.Equal(RequirementState.Covered, report.For("iso27001")!.Requirements.Single(r => r.Requirement.Id == "8.24").State); // no evidence needed
    }

    [Fact]
    public async Task The_card_asks_event_driven_controls_about_occurrences_and_names_a_bad_count()
    {
        using var world = await WorldAsync();
        var dan = new Chat(world, "dan@example.com");
        var card = (await dan.SayAsync("attest CRY-01")).Replies.Single().Card!;
        Assert.True(card.Data["eventDriven"]!.GetValue<bool>());
        Assert.Equal(["operating", "noOccurrences", "partially", "notOperating", "notApplicable"], card.Data["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
        var rendered = CardLibrary.Render(card).ToJsonString();
        Assert.Contains("\"id\":\"occurrences\"", rendered, StringComparison.Ordinal);
        Assert.Contains("Nothing occurred this period", rendered, StringComparison.Ordinal);

        var scheduled = CardLibrary.Render((await new Chat(world, "olive@example.com").SayAsync("attest AC-02")).Replies.Single().Card!).ToJsonString();
        Assert.DoesNotContain("\"id\":\"occurrences\"", scheduled, StringComparison.Ordinal);
        Assert.DoesNotContain("noOccurrences", scheduled, StringComparison.Ordinal);

        var bad = await dan.ClickAsync(AttestationConversation.SubmitAction, new JsonObject { ["controlId"] = "CRY-01", ["period"] = "2026-Q3", ["result"] = "operating", ["occurrences"] = "twelve" });
        Assert.Equal("occurrences", Assert.Single(bad.FieldErrors!).Field);

        var answered = await dan.ClickAsync(AttestationConversation.SubmitAction, new JsonObject
        {
            ["controlId"] = "CRY-01", ["period"] = "2026-Q3", ["result"] = "operating", ["occurrences"] = "12", ["references"] = "CHG-7, CHG-9",
        });
        var data = answered.ReplaceCard!.Data;
        Assert.Equal(("Yes, on every occurrence", "12", "CHG-7, CHG-9"), (data["resultText"]!.GetValue<string>(), data["occurrences"]!.GetValue<string>(), data["references"]!.GetValue<string>()));
        Assert.Equal(12, (await world.Store.FindAsync<Attestation>("CRY-01:2026-Q3"))!.Document.Occurrences);
    }

    [Fact]
    public void The_starter_library_marks_the_controls_that_run_on_incidents_changes_joiners_and_leavers()
    {
        var eventDriven = Core.Library.StarterLibrary.Controls.Where(c => c.EventDriven).Select(c => c.Id).ToList();
        Assert.Contains("CHG-01", eventDriven);
        Assert.Contains("INC-03", eventDriven);
        Assert.Contains("HR-05", eventDriven);
        Assert.DoesNotContain("GOV-01", eventDriven);
        Assert.Equal(16, eventDriven.Count);
    }
}
