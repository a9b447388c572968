using ComplianceBot.Core.Chat;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// The one entry point for every chat platform: resolves the person, then routes card actions and typed commands
/// through the <see cref="ActionRegistry"/> to the handler registered for them, and files to evidence filing.
/// </summary>
public sealed class ConversationRouter(ChatPeople people, ActionRegistry actions, EvidenceConversation evidence)
{
    /// <summary>Every action and typed command the router dispatches.</summary>
    public ActionRegistry Actions => actions;

    public async Task<TurnResult> HandleAsync(ChatTurn turn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var person = await people.ResolveAsync(turn, cancellationToken);
        if (person is null)
        {
            var who = turn.User.Email is null ? "" : $" ({turn.User.Email})";
            return TurnResult.Reply(OutboundMessage.Say(
                $"Hello! I don't know you yet{who}. Ask your compliance team to add you to ComplianceBot, then say hi again."));
        }

        return turn.Input switch
        {
            TextInput text => await OnTextAsync(person, text.Text, turn, cancellationToken),
            ActionInput action => await OnActionAsync(person, action, turn, cancellationToken),
            FileInput file => await evidence.ReceiveAsync(person, file.File, turn, cancellationToken),
            _ => turn.IsDirect ? HelpConversation.Show(person, actions) : HelpConversation.InChannel(person),
        };
    }

    private async Task<TurnResult> OnTextAsync(Records.Person person, string text, ChatTurn turn, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text)) return turn.IsDirect ? HelpConversation.Show(person, actions) : HelpConversation.InChannel(person);
        return actions.Resolve(text) is { } reached
            ? await OnActionAsync(person, reached, turn, cancellationToken)
            : HelpConversation.Show(person, actions, $"Sorry, I don't know \"{Shorten(text.Trim())}\". Here is what I can do:");
    }

    private async Task<TurnResult> OnActionAsync(Records.Person person, ActionInput action, ChatTurn turn, CancellationToken cancellationToken) =>
        actions.Find(action.ActionId) is { } registered
            ? await registered.Handler(new ActionRequest(person, action.Data, turn, actions), cancellationToken)
            : TurnResult.Reply(OutboundMessage.Say("That button belongs to an older card I no longer handle. Send 'help' to start again."));

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
