using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Digests;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// The one entry point for every chat platform: resolves the person, then routes typed commands, card actions
/// and files to the conversation that handles them.
/// </summary>
public sealed class ConversationRouter(
    ChatPeople people,
    RiskConversation risks,
    AttestationConversation attestations,
    EvidenceConversation evidence,
    TasksConversation tasks,
    StatusConversation status,
    ReminderConversation reminders,
    DigestConversation digests)
{
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
            _ => HelpConversation.Show(person),
        };
    }

    /// <summary>The typed commands (first word of a message), as app manifests list them.</summary>
    public static IReadOnlyList<string> Commands { get; } = ["help", "risk", "evidence", "attest", "tasks", "status", "subscribe", "digest"];

    /// <summary>Whether a card action id has a handler here (every id in cards/ must).</summary>
    public static bool Handles(string actionId) => ActionIds.All.Contains(actionId, StringComparer.Ordinal);

    private async Task<TurnResult> OnTextAsync(Records.Person person, string text, ChatTurn turn, CancellationToken cancellationToken)
    {
        var words = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var command = words.Length == 0 ? "" : words[0].ToLowerInvariant().TrimStart('/');
        var argument = words.Length > 1 ? words[1] : null;
        return command switch
        {
            "" or "help" or "hi" or "hello" or "menu" or "start" => HelpConversation.Show(person),
            "risk" or "risks" => risks.Open(person, argument),
            "evidence" or "upload" => await evidence.StartAsync(person, argument, cancellationToken),
            "attest" => argument is null ? await tasks.ShowAsync(person, cancellationToken) : await attestations.OpenAsync(person, argument, cancellationToken),
            "tasks" or "todo" or "my" => await tasks.ShowAsync(person, cancellationToken),
            "status" or "coverage" => await status.ShowAsync(cancellationToken),
            DigestConversation.Subscribe => await digests.SubscribeAsync(person, argument, turn, cancellationToken),
            DigestConversation.Unsubscribe => await digests.UnsubscribeAsync(person, turn, cancellationToken),
            DigestConversation.Now => await digests.PostNowAsync(person, argument, turn, cancellationToken),
            _ => HelpConversation.Show(person, $"Sorry, I don't know \"{Shorten(text)}\". Here is what I can do:"),
        };
    }

    private async Task<TurnResult> OnActionAsync(Records.Person person, ActionInput action, ChatTurn turn, CancellationToken cancellationToken) =>
        action.ActionId switch
        {
            ActionIds.HelpShow => HelpConversation.Show(person),
            ActionIds.RiskOpen => risks.Open(person, CardInputs.Text(action.Data, "controlId")),
            ActionIds.RiskSubmit => await risks.SubmitAsync(person, action.Data, cancellationToken),
            ActionIds.AttestOpen => await attestations.OpenAsync(person, CardInputs.Text(action.Data, "controlId"), cancellationToken),
            ActionIds.AttestSubmit => await attestations.SubmitAsync(person, action.Data, cancellationToken),
            ActionIds.EvidenceStart => await evidence.StartAsync(person, CardInputs.Text(action.Data, "controlId"), cancellationToken),
            ActionIds.EvidenceFile => await evidence.FileAsync(person, action.Data, turn, cancellationToken),
            ActionIds.TasksShow => await tasks.ShowAsync(person, cancellationToken),
            ActionIds.StatusShow => await status.ShowAsync(cancellationToken),
            ActionIds.ReminderSnooze or ActionIds.ReminderSnoozeWeek => await reminders.SnoozeAsync(person, action.Data, cancellationToken),
            ActionIds.ReminderNotMine => await reminders.NotMineAsync(person, action.Data, cancellationToken),
            ActionIds.ReminderHandOff => await reminders.HandOffAsync(person, action.Data, cancellationToken),
            _ => TurnResult.Reply(OutboundMessage.Say("That button belongs to an older card I no longer handle. Send 'help' to start again.")),
        };

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
