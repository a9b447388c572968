using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Digests;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Conversations;

/// <summary>The cards in cards/ and the registered actions name the same ids, in both directions.</summary>
public class CardActionTests
{
    /// <summary>
    /// The registered actions no card offers: they are reached by typing a command. An action leaves this list when
    /// a card gets a button for it.
    /// </summary>
    private static readonly string[] ReachedByTypedCommandsOnly =
    [
        HelpConversation.ShowAction,
        DigestConversation.SubscribeAction,
        DigestConversation.UnsubscribeAction,
        DigestConversation.PostNowAction,
        ReminderConversation.RunNowAction,
    ];

    private static List<CardAction> CardActions() => CardLibrary.Names.SelectMany(CardAction.In).ToList();

    [Fact]
    public void Every_action_a_card_names_has_a_registered_handler()
    {
        using var world = new TestWorld();
        var actions = CardActions();
        Assert.NotEmpty(actions);
        Assert.Empty(world.Actions.Unhandled(actions).Select(a => $"{a.Card}: '{a.Id}'"));
    }

    [Fact]
    public void A_card_action_without_a_handler_is_found()
    {
        using var world = new TestWorld();
        var withoutReminders = new ActionRegistry(world.Conversations.Where(c => c is not ReminderConversation));
        var unhandled = withoutReminders.Unhandled(CardActions()).Select(a => (a.Card, a.Id)).ToList();
        Assert.Contains(("reminder", ReminderConversation.SnoozeAction), unhandled);
        Assert.Contains(("handoff", ReminderConversation.HandOffAction), unhandled);
        Assert.DoesNotContain(unhandled, a => a.Id == RiskConversation.OpenAction);
    }

    [Fact]
    public void Every_registered_action_is_on_a_card_or_listed_as_reached_by_a_typed_command()
    {
        using var world = new TestWorld();
        var onCards = CardActions().Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var offCards = world.Actions.Actions.Select(a => a.Id).Where(id => !onCards.Contains(id));
        Assert.Equal(ReachedByTypedCommandsOnly.Order(StringComparer.Ordinal), offCards.Order(StringComparer.Ordinal));
        Assert.All(ReachedByTypedCommandsOnly, id => Assert.True(
            world.Actions.Find(id)?.Command is not null, $"'{id}' is listed as reached by a typed command but no registered action of that id has one"));
    }

    [Fact]
    public void An_action_registered_on_no_card_is_found()
    {
        using var world = new TestWorld();
        var registry = new ActionRegistry(world.Conversations.Append(new ProbeConversation(
            new ChatAction("probe.only", OpensForm: false, (_, _) => throw new InvalidOperationException("not called")))));
        var onCards = CardActions().Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("probe.only", registry.Actions.Select(a => a.Id).Where(id => !onCards.Contains(id)).Except(ReachedByTypedCommandsOnly));
    }

    [Fact]
    public void Every_card_action_names_its_id_in_data_and_execute_actions_the_same_id_as_verb()
    {
        Assert.All(CardActions(), a =>
        {
            Assert.True(a.DataAction is not null, $"{a.Card}: an {a.Type} has no data.action");
            if (a.Type == "Action.Execute") Assert.True(a.Verb == a.DataAction, $"{a.Card}: verb '{a.Verb}' but data.action '{a.DataAction}'");
        });
    }
}
