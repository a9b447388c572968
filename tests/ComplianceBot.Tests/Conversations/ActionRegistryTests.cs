using System.Text.Json.Nodes;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Digests;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Conversations;

public class ActionRegistryTests
{
    private static readonly ChatActionHandler Unused = (_, _) => throw new InvalidOperationException("not called");

    [Fact]
    public void An_action_id_registered_twice_is_refused_naming_the_id_and_both_conversations()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new ActionRegistry(
        [
            new ProbeConversation(new ChatAction("risk.open", OpensForm: true, Unused)),
            new OtherProbeConversation(new ChatAction("risk.open", OpensForm: false, Unused)),
        ]));
        Assert.Equal(
            "The action id 'risk.open' is registered twice, by ProbeConversation and by OtherProbeConversation. Each action has exactly one handler; rename one of them.",
            refused.Message);
    }

    [Fact]
    public void A_command_word_claimed_by_two_actions_is_refused()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new ActionRegistry(
        [
            new ProbeConversation(
                new ChatAction("a.show", OpensForm: false, Unused) { Command = new("show") },
                new ChatAction("b.show", OpensForm: false, Unused) { Command = new("list") { Aliases = ["show"] } }),
        ]));
        Assert.Contains("'show' is claimed twice, by 'a.show' and by 'b.show'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_whose_bare_word_reaches_an_unregistered_action_is_refused()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new ActionRegistry(
        [
            new ProbeConversation(new ChatAction("a.open", OpensForm: true, Unused) { Command = new("open") { BareActionId = "a.list" } }),
        ]));
        Assert.Contains("'a.list'", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("risk", RiskConversation.OpenAction, null)]
    [InlineData("/Risks AC-01", RiskConversation.OpenAction, "AC-01")]
    [InlineData("attest", TasksConversation.ShowAction, null)]
    [InlineData("attest ac-02", AttestationConversation.OpenAction, "ac-02")]
    [InlineData("upload AC-01", EvidenceConversation.StartAction, "AC-01")]
    [InlineData("todo", TasksConversation.ShowAction, null)]
    [InlineData("coverage", StatusConversation.ShowAction, null)]
    [InlineData("  hello  ", HelpConversation.ShowAction, null)]
    [InlineData("unsubscribe", DigestConversation.UnsubscribeAction, null)]
    public void A_typed_command_reaches_the_action_its_word_is_registered_with(string text, string actionId, string? controlId)
    {
        using var world = new TestWorld();
        var reached = world.Actions.Resolve(text)!;
        Assert.Equal(actionId, reached.ActionId);
        Assert.Equal(controlId, reached.Data["controlId"]?.GetValue<string>());
    }

    [Fact]
    public void A_typed_command_passes_the_rest_of_the_message_in_its_argument_field()
    {
        using var world = new TestWorld();
        Assert.Equal("""{"schedule":"iso monday 9"}""", world.Actions.Resolve("subscribe iso monday 9")!.Data.ToJsonString());
        Assert.Equal("""{"frameworks":"soc2"}""", world.Actions.Resolve("digest soc2")!.Data.ToJsonString());
        Assert.Null(world.Actions.Resolve("please help"));
    }

    public static TheoryData<ChatInput, bool> Inputs => new()
    {
        { new ActionInput(RiskConversation.OpenAction, []), true },
        { new ActionInput(AttestationConversation.OpenAction, new JsonObject { ["controlId"] = "AC-01" }), true },
        { new ActionInput(RiskConversation.SubmitAction, []), false },
        { new ActionInput(ReminderConversation.NotMineAction, []), false },
        { new ActionInput("no.such.action", []), false },
        { new TextInput("risk"), true },
        { new TextInput("attest AC-01"), true },
        { new TextInput("attest"), false },
        { new TextInput("status"), false },
        { new TextInput("what is this"), false },
        { new FileInput(new ChatFile("a.pdf", 1, "application/pdf", "ref")), false },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void An_input_opens_a_form_exactly_when_it_reaches_an_action_registered_as_opening_one(ChatInput input, bool opensForm)
    {
        using var world = new TestWorld();
        Assert.Equal(opensForm, world.Actions.OpensForm(input));
    }

    [Fact]
    public void Forms_are_the_four_that_ask_for_answers()
    {
        using var world = new TestWorld();
        Assert.Equal([AttestationConversation.OpenAction, NonconformityConversation.OpenAction, RiskConversation.OpenAction, RiskReviewConversation.OpenAction], world.Actions.Actions.Where(a => a.OpensForm).Select(a => a.Id).Order());
    }
}
