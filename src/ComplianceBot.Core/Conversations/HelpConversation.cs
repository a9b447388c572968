using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Conversations;

/// <summary>What the bot can do, as a card.</summary>
public static class HelpConversation
{
    public const string Template = "help";

    private static readonly (string Name, string Description)[] Commands =
    [
        ("risk", "Raise a risk for the register"),
        ("evidence", "Hand in evidence for a control (or just send me the file)"),
        ("attest AC-01", "Answer a control's attestation"),
        ("tasks", "Your open attestations, evidence and risk reviews"),
        ("status", "ISO 27001 and SOC 2 coverage today"),
    ];

    /// <summary>Shown to compliance admins only: the digest commands, which others are refused.</summary>
    private static readonly (string Name, string Description)[] AdminCommands =
    [
        ("subscribe iso|soc2|all", "In a channel: post the weekly coverage digest there"),
        ("digest", "Post the coverage digest here now"),
    ];

    public static TurnResult Show(Person? person, string? preface = null)
    {
        var card = new CardView(Template, new JsonObject
        {
            ["firstName"] = person?.DisplayName.Split(' ', 2)[0] ?? "there",
            ["commands"] = new JsonArray(CommandsFor(person).Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["description"] = c.Description }).ToArray()),
        });
        return preface is null ? TurnResult.Reply(OutboundMessage.Show(card)) : TurnResult.Reply(OutboundMessage.Say(preface), OutboundMessage.Show(card));
    }

    private static IEnumerable<(string Name, string Description)> CommandsFor(Person? person) =>
        person?.Roles.Contains(ReminderConversation.ComplianceAdminRole, StringComparer.OrdinalIgnoreCase) == true
            ? Commands.Concat(AdminCommands)
            : Commands;
}
