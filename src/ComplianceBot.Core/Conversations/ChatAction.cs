using System.Text.Json.Nodes;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Conversations;

/// <summary>Runs one action for a person who has been recognised.</summary>
public delegate Task<TurnResult> ChatActionHandler(ActionRequest request, CancellationToken cancellationToken);

/// <summary>
/// One action a card (or a typed command) can send: its id, whether it opens a form (a modal on Slack, a card form
/// on Teams) and its handler.
/// </summary>
/// <param name="Id">The Action.Execute verb and data.action the cards use, e.g. "risk.open".</param>
public sealed record ChatAction(string Id, bool OpensForm, ChatActionHandler Handler)
{
    /// <summary>The typed command that reaches this action too, if any.</summary>
    public ChatCommand? Command { get; init; }
}

/// <summary>What an action's handler gets: the person, the card's data (or the typed command's argument) and the turn.</summary>
/// <param name="Registry">Every registered action, for handlers that describe what the bot can do (help).</param>
public sealed record ActionRequest(Person Person, JsonObject Data, ChatTurn Turn, ActionRegistry Registry)
{
    /// <summary>A data field as trimmed text; null when missing or blank.</summary>
    public string? Text(string name) => CardInputs.Text(Data, name);
}
