namespace ComplianceBot.Core.Conversations;

/// <summary>
/// A conversation that can be reached from a card button or a typed command. It declares each of its actions in
/// <see cref="Actions"/>: the id, whether the action opens a form, the handler and, optionally, the typed command
/// that reaches it. <see cref="ActionRegistry"/> collects every registered conversation's actions; the router,
/// Slack's modal decision, the help card and the card tests all read that registry.
/// </summary>
/// <remarks>
/// Adding an action is one change: a <c>const</c> id and a <see cref="ChatAction"/> line in the conversation that
/// handles it, then the id on the card (as the Action.Execute verb and data.action). A new conversation also
/// implements this interface and is added with <c>AddConversation&lt;T&gt;()</c> in the host's chat services.
/// </remarks>
public interface IConversation
{
    IEnumerable<ChatAction> Actions { get; }
}
