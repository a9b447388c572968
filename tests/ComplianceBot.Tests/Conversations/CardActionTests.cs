using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Conversations;

namespace ComplianceBot.Tests.Conversations;

public class CardActionTests
{
    private static IEnumerable<(string Card, string ActionId)> ActionsIn(string card)
    {
        var pending = new Stack<JsonNode?>([CardLibrary.Template(card)]);
        while (pending.TryPop(out var node))
        {
            if (node is JsonObject obj)
            {
                if (obj["type"]?.GetValue<string>() is "Action.Execute" or "Action.Submit")
                {
                    if (obj["verb"] is JsonValue verb) yield return (card, verb.GetValue<string>());
                    if (obj["data"]?["action"] is JsonValue action) yield return (card, action.GetValue<string>());
                }

                foreach (var (_, child) in obj) pending.Push(child);
            }
            else if (node is JsonArray array)
            {
                foreach (var child in array) pending.Push(child);
            }
        }
    }

    [Fact]
    public void Every_action_id_in_the_cards_has_a_handler()
    {
        var actions = CardLibrary.Names.SelectMany(ActionsIn).ToList();
        Assert.NotEmpty(actions);
        Assert.All(actions, a => Assert.True(ConversationRouter.Handles(a.ActionId), $"{a.Card} uses unhandled action '{a.ActionId}'"));
    }

    [Fact]
    public void Every_execute_action_names_the_same_id_as_verb_and_data()
    {
        foreach (var card in CardLibrary.Names)
        {
            var ids = ActionsIn(card).Select(a => a.ActionId).ToList();
            Assert.Equal(0, ids.Count % 2);
        }
    }
}
