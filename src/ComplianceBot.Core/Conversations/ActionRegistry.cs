using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// Every action the registered conversations declare (see <see cref="IConversation"/>), by id, and the typed
/// commands that reach them. The one source of what a click or a command can do: the router dispatches through it,
/// Slack asks it which inputs open a modal, the help card lists its commands. Built once; an action id or a command
/// word claimed twice is refused when it is built, so the host does not start with an ambiguous registration.
/// </summary>
public sealed class ActionRegistry
{
    private readonly List<ChatAction> actions = [];
    private readonly Dictionary<string, ChatAction> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChatAction> byWord = new(StringComparer.Ordinal);

    public ActionRegistry(IEnumerable<IConversation> conversations)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var conversation in conversations)
        {
            var owner = conversation.GetType().Name;
            foreach (var action in conversation.Actions)
            {
                if (string.IsNullOrWhiteSpace(action.Id) || action.Id.Any(char.IsWhiteSpace))
                    throw new InvalidOperationException($"{owner} registers an action with the id '{action.Id}'; an action id is one word such as 'risk.open'.");
                if (!owners.TryAdd(action.Id, owner))
                    throw new InvalidOperationException(
                        $"The action id '{action.Id}' is registered twice, by {owners[action.Id]} and by {owner}. Each action has exactly one handler; rename one of them.");
                byId[action.Id] = action;
                actions.Add(action);
                foreach (var word in action.Command?.Words ?? [])
                {
                    if (word.Length == 0 || word.Any(c => char.IsUpper(c) || char.IsWhiteSpace(c)))
                        throw new InvalidOperationException($"The command word '{word}' of '{action.Id}' must be one lower-case word.");
                    if (!byWord.TryAdd(word, action))
                        throw new InvalidOperationException(
                            $"The command word '{word}' is claimed twice, by '{byWord[word].Id}' and by '{action.Id}'. A typed word reaches one action.");
                }
            }
        }

        foreach (var action in actions.Where(a => a.Command?.BareActionId is { } bare && !byId.ContainsKey(bare)))
            throw new InvalidOperationException($"The command '{action.Command!.Word}' alone reaches '{action.Command.BareActionId}', which no conversation registers.");
    }

    /// <summary>Every action, in the order the conversations declare them.</summary>
    public IReadOnlyList<ChatAction> Actions => actions;

    /// <summary>The typed commands, in declaration order.</summary>
    public IEnumerable<ChatCommand> Commands => actions.Select(a => a.Command).OfType<ChatCommand>();

    public ChatAction? Find(string actionId) => byId.GetValueOrDefault(actionId);

    /// <summary>The card buttons whose id no conversation registers (there must be none).</summary>
    public IEnumerable<CardAction> Unhandled(IEnumerable<CardAction> cardActions) =>
        cardActions.Where(a => a.Id is null || !byId.ContainsKey(a.Id));

    /// <summary>
    /// The action a typed message reaches, with the rest of the message in the command's argument field; null for a
    /// message that does not start with a command word.
    /// </summary>
    public ActionInput? Resolve(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0 || !byWord.TryGetValue(words[0].TrimStart('/').ToLowerInvariant(), out var action)) return null;
        var command = action.Command!;
        var argument = words.Length > 1 ? words[1] : null;
        if (argument is null && command.BareActionId is { } bare) return new ActionInput(bare, []);
        var data = new JsonObject();
        if (argument is not null && command.ArgumentField is { } field) data[field] = argument;
        return new ActionInput(action.Id, data);
    }

    /// <summary>Whether the input reaches an action that opens a form (Slack shows it as a modal, while the click's trigger is valid).</summary>
    public bool OpensForm(ChatInput input) => input switch
    {
        ActionInput click => Find(click.ActionId)?.OpensForm == true,
        TextInput typed => Resolve(typed.Text) is { } reached && Find(reached.ActionId)?.OpensForm == true,
        _ => false,
    };
}
