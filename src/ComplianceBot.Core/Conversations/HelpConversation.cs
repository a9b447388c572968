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

    public static TurnResult Show(Person? person, string? preface = null)
    {
        var card = new CardView(Template, new JsonObject
        {
            ["firstName"] = person?.DisplayName.Split(' ', 2)[0] ?? "there",
            ["commands"] = new JsonArray(Commands.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["description"] = c.Description }).ToArray()),
        });
        return preface is null ? TurnResult.Reply(OutboundMessage.Show(card)) : TurnResult.Reply(OutboundMessage.Say(preface), OutboundMessage.Show(card));
    }
}
