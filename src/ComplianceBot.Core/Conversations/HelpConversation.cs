using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// What the bot can do, as a card: in a 1:1 chat the help lines of the registered commands; in a team channel what
/// works there (the digest and coverage), with a pointer to the 1:1 chat for the rest.
/// </summary>
public sealed class HelpConversation : IConversation
{
    public const string Template = "help";
    public const string ShowAction = "help.show";
    public const string ChannelTemplate = "channel-welcome";

    public IEnumerable<ChatAction> Actions =>
    [
        new(ShowAction, OpensForm: false, (request, _) => Task.FromResult(request.Turn.IsDirect ? Show(request.Person, request.Registry) : InChannel(request.Person)))
        {
            Command = new("help") { Aliases = ["hi", "hello", "menu", "start"] },
        },
    ];

    /// <summary>The welcome in a team channel: the commands that work there, as the people in it would type them.</summary>
    public static TurnResult InChannel(Person? person)
    {
        var admin = person is not null && DigestConversation.IsAdmin(person);
        JsonNode Line(string usage, string description) => new JsonObject { ["name"] = usage, ["description"] = description };
        return TurnResult.Reply(OutboundMessage.Show(new CardView(ChannelTemplate, new JsonObject
        {
            ["commands"] = new JsonArray(
                Line("@ComplianceBot status", "ISO 27001 and SOC 2 coverage today"),
                Line("@ComplianceBot subscribe iso|soc2|all [day] [hour]", "Post the weekly coverage digest in this channel (compliance admins)"),
                Line("@ComplianceBot digest", "Post the digest here now (compliance admins)"),
                Line("@ComplianceBot unsubscribe", "Stop the weekly digest here (compliance admins)")),
            ["adminNote"] = admin ? "" : "Subscribing a channel is for compliance admins.",
            ["hasAdminNote"] = !admin,
        })));
    }

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
