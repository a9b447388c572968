using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Conversations;

/// <summary>What the bot can do, as a card: the help lines of the registered commands.</summary>
public sealed class HelpConversation : IConversation
{
    public const string Template = "help";
    public const string ShowAction = "help.show";

    public IEnumerable<ChatAction> Actions =>
    [
        new(ShowAction, OpensForm: false, (request, _) => Task.FromResult(Show(request.Person, request.Registry)))
        {
            Command = new("help") { Aliases = ["hi", "hello", "menu", "start"] },
        },
    ];

    public static TurnResult Show(Person? person, ActionRegistry registry, string? preface = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var admin = person is not null && DigestConversation.IsAdmin(person);
        var lines = registry.Commands.Select(c => c.Help).OfType<HelpLine>().Where(h => admin || !h.AdminOnly)
            // Everyone's commands first, then the admins' own.
            .OrderBy(h => h.AdminOnly);
        var card = new CardView(Template, new JsonObject
        {
            ["firstName"] = person?.DisplayName.Split(' ', 2)[0] ?? "there",
            ["commands"] = new JsonArray(lines.Select(h => (JsonNode)new JsonObject { ["name"] = h.Usage, ["description"] = h.Description }).ToArray()),
        });
        return preface is null ? TurnResult.Reply(OutboundMessage.Show(card)) : TurnResult.Reply(OutboundMessage.Say(preface), OutboundMessage.Show(card));
    }
}
