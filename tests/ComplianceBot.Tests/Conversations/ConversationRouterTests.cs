using System.Text.Json.Nodes;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Conversations;

public class ConversationRouterTests
{
    private static ChatTurn Turn(TestWorld world, ChatInput input) => new(
        new ChatUser(Platforms.Teams, "29:user", "olive@example.com", null, "tenant-1"),
        new ConversationAddress(Platforms.Teams, "a:dm-29:user", "https://smba.example/amer/", "tenant-1", "28:bot", "29:user"),
        input,
        world.Files);

    private static (ConversationRouter Router, List<string> Reached) Recording(TestWorld world)
    {
        var reached = new List<string>();
        var registry = new ActionRegistry(world.Conversations.Select(c => new RecordingConversation(c, reached)));
        return (new ConversationRouter(new ChatPeople(world.Store, world.Audit, world.Time), registry, world.Conversations.OfType<EvidenceConversation>().Single()), reached);
    }

    [Fact]
    public async Task Each_registered_action_is_dispatched_to_its_own_handler_which_answers_empty_data()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var (router, reached) = Recording(world);
        Assert.NotEmpty(router.Actions.Actions);
        foreach (var action in router.Actions.Actions)
        {
            reached.Clear();
            var result = await router.HandleAsync(Turn(world, new ActionInput(action.Id, new JsonObject())));
            Assert.Equal([action.Id], reached);
            Assert.True(result.Replies.Count > 0 || result.ReplaceCard is not null, $"'{action.Id}' answered nothing");
        }
    }

    [Fact]
    public async Task A_typed_command_is_dispatched_to_the_handler_of_the_action_it_reaches()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var (router, reached) = Recording(world);
        var card = (await router.HandleAsync(Turn(world, new TextInput("attest AC-02")))).Replies.Single().Card!;
        await router.HandleAsync(Turn(world, new TextInput("attest")));
        Assert.Equal([AttestationConversation.OpenAction, TasksConversation.ShowAction], reached);
        Assert.Equal(("attestation", "AC-02"), (card.Template, card.Data["controlId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_click_on_an_action_nobody_registers_gets_a_clear_answer_and_reaches_no_handler()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var (router, reached) = Recording(world);
        var result = await router.HandleAsync(Turn(world, new ActionInput("risk.delete", new JsonObject())));
        Assert.StartsWith("That button belongs to an older card", Chat.Text(result), StringComparison.Ordinal);
        Assert.Empty(reached);
    }

    [Fact]
    public async Task An_unknown_word_gets_help_and_reaches_no_handler()
    {
        using var world = new TestWorld();
        await world.PeopleAndControlsAsync();
        var (router, reached) = Recording(world);
        var result = await router.HandleAsync(Turn(world, new TextInput("dance")));
        Assert.Equal("Sorry, I don't know \"dance\". Here is what I can do:", Chat.Text(result));
        Assert.Equal(HelpConversation.Template, result.Replies[1].Card!.Template);
        Assert.Empty(reached);
    }
}
