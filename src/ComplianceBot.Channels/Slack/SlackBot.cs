using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// Runs Slack events, button clicks and slash commands through the conversations and carries out the result in
/// Slack's way: forms open as modals (while the click's trigger is valid), answered cards are replaced in place
/// with chat.update, field errors go back beside the modal's fields, the Home tab lists the person's tasks.
/// Events, clicks and commands are queued in the durable inbox (see <see cref="SlackEndpoints"/>); only what Slack
/// requires an answer to within its 3 seconds runs at once: opening a form, and a modal's submission.
/// </summary>
public sealed partial class SlackBot(
    ConversationRouter router, SlackChannel channel, SlackWebApiClient client, SlackFileSource files, NoticeDelivery notices, ChoiceSearch search,
    SlackOptions options, ILogger<SlackBot> logger) : IInboxHandler
{
    public const string EventKind = "event";
    public const string InteractionKind = "interaction";
    public const string CommandKind = "command";

    private const int MaxCachedUsers = 10_000;
    private readonly ConcurrentDictionary<string, SlackUser> users = new(StringComparer.Ordinal);

    public string Platform => Platforms.Slack;

    /// <summary>What the inbox keeps for a Slack delivery: its kind (one of the constants) and the JSON body Slack sent, as it came.</summary>
    public static string Envelope(string kind, string bodyJson) => $$"""{"kind":"{{kind}}","body":{{bodyJson}}}""";

    /// <summary>
    /// Whether a conversation input reaches an action registered as opening a form, which Slack shows as a modal
    /// only while the trigger is valid.
    /// </summary>
    public bool OpensForm(ChatInput input) => router.Actions.OpensForm(input);

    public async Task HandleAsync(InboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var envelope = JsonNode.Parse(item.Payload) as JsonObject ?? throw new InvalidOperationException("The stored Slack delivery is not a JSON object.");
        var body = envelope["body"] as JsonObject ?? throw new InvalidOperationException("The stored Slack delivery has no body.");
        switch (Text(envelope, "kind"))
        {
            case EventKind when body["event"] is JsonObject slackEvent:
                await OnEventAsync(slackEvent, Text(body, "team_id"), cancellationToken);
                break;
            case InteractionKind:
                await OnClickAsync(body, cancellationToken);
                break;
            case CommandKind:
                await OnCommandAsync(body, cancellationToken);
                break;
            default:
                var kind = Text(envelope, "kind") ?? "?";
                LogIgnored(kind);
                break;
        }
    }

    /// <summary>
    /// A slash command or button that opens a form, run at once: the form opens as a modal with the trigger.
    /// Whatever else the conversation answers (an unknown person, a control that does not exist) is posted to
    /// the person instead.
    /// </summary>
    public async Task OpenFormAsync(string userId, string? teamId, string? channelId, string triggerId, ChatInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (turn, direct) = await TurnAsync(userId, teamId, channelId, input, cancellationToken);
        var result = await router.HandleAsync(turn, cancellationToken);
        var replies = result.Replies.ToList();
        // The first card with a form (its modal has a submit button) opens as the modal.
        var form = replies.Where(r => r.Card is not null).Select(r => (Reply: r, Modal: BlockKitRenderer.RenderModal(r.Card!)))
            .FirstOrDefault(f => f.Modal["submit"] is not null);
        if (form.Reply is not null)
        {
            await client.OpenViewAsync(triggerId, form.Modal, cancellationToken);
            replies.Remove(form.Reply);
        }

        var name = InputName(input);
        LogTurn("form", name, replies.Count, form.Reply?.Card?.Template ?? "-");
        foreach (var reply in replies) await channel.PostAsync(direct, null, reply, cancellationToken);
        await NotifyAsync(result, cancellationToken);
    }

    /// <summary>
    /// A modal's submission, answered within Slack's 3 seconds: field errors go back beside the fields and the
    /// modal stays open; otherwise the modal closes and the outcome is posted in the direct messages.
    /// </summary>
    public async Task<JsonObject> SubmitAsync(SlackInteraction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction.Action is not { ActionId.Length: > 0 } action)
            return SlackViewResponses.Clear();
        var (turn, direct) = await TurnAsync(interaction.UserId, interaction.TeamId, null, action, cancellationToken);
        var result = await router.HandleAsync(turn, cancellationToken);
        LogTurn("view_submission", action.ActionId, result.Replies.Count, result.ReplaceCard?.Template ?? "-");
        // Errors for something the modal has no input for (the file itself) are shown on its first input.
        if (result.FieldErrors is { Count: > 0 } errors)
            return SlackViewResponses.Errors(errors, result.ReplaceCard is { } card ? BlockKitRenderer.RenderModal(card) : null);

        if (result.ReplaceCard is not null) await channel.PostAsync(direct, null, OutboundMessage.Show(result.ReplaceCard), cancellationToken);
        foreach (var reply in result.Replies) await channel.PostAsync(direct, null, reply, cancellationToken);
        await NotifyAsync(result, cancellationToken);
        return SlackViewResponses.Clear();
    }

    /// <summary>The answer to a block_suggestion that finds nothing.</summary>
    public static JsonObject NoOptions => new() { ["options"] = new JsonArray() };

    /// <summary>
    /// Options for an external select (block_suggestion), answered within Slack's 3 seconds: the host's typeahead
    /// for the dataset, at most Slack's 100 options; none for another workspace or a dataset the host does not serve.
    /// </summary>
    public async Task<JsonObject> SuggestAsync(string? teamId, string dataset, string text, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(options.TeamId) && !string.Equals(teamId, options.TeamId, StringComparison.Ordinal)) return NoOptions;
        var choices = await search.SearchAsync(dataset, text, 0, BlockKitLimits.Options, cancellationToken);
        return new JsonObject
        {
            ["options"] = new JsonArray((choices ?? []).Select(c => (JsonNode)new JsonObject
            {
                ["text"] = BlockKitText.Plain(c.Title, BlockKitLimits.OptionText), ["value"] = c.Value,
            }).ToArray()),
        };
    }

    private async Task OnEventAsync(JsonObject slackEvent, string? teamId, CancellationToken cancellationToken)
    {
        var type = Text(slackEvent, "type");
        var userId = Text(slackEvent, "user") ?? Text(slackEvent, "user_id");
        if (userId is null || Text(slackEvent, "bot_id") is not null || userId == Text(slackEvent, "bot_user_id"))
        {
            LogIgnored(type ?? "event");
            return;
        }

        switch (type)
        {
            case "app_home_opened" when Text(slackEvent, "tab") is null or "home":
                await PublishHomeAsync(userId, teamId, cancellationToken);
                return;

            case "message" when Text(slackEvent, "subtype") is null or "file_share" && Text(slackEvent, "channel_type") is null or "im":
            {
                var channelId = Text(slackEvent, "channel") ?? "";
                var file = (slackEvent["files"] as JsonArray)?.OfType<JsonObject>().Select(f => Text(f, "id")).OfType<string>().FirstOrDefault();
                ChatInput input = file is not null
                    ? new FileInput((await client.GetFileInfoAsync(file, cancellationToken)).ToChatFile())
                    : new TextInput(StripMentions(Text(slackEvent, "text") ?? ""));
                await RunAsync(userId, teamId, channelId, Text(slackEvent, "thread_ts"), null, input, cancellationToken);
                return;
            }

            case "file_shared" when Text(slackEvent, "channel_id") is { } channelId && channelId.StartsWith('D'):
            {
                var file = await client.GetFileInfoAsync(Text(slackEvent, "file_id") ?? "", cancellationToken);
                await RunAsync(userId, teamId, channelId, null, null, new FileInput(file.ToChatFile()), cancellationToken);
                return;
            }

            case "app_mention":
            {
                // In a channel: answer in a thread under the mention, so the channel stays readable.
                var channelId = Text(slackEvent, "channel") ?? "";
                var thread = Text(slackEvent, "thread_ts") ?? Text(slackEvent, "ts");
                await RunAsync(userId, teamId, channelId, thread, null, new TextInput(StripMentions(Text(slackEvent, "text") ?? "")), cancellationToken);
                return;
            }

            default:
                LogIgnored(type ?? "event");
                return;
        }
    }

    private async Task OnClickAsync(JsonObject payload, CancellationToken cancellationToken)
    {
        var interaction = SlackInteractionReader.Read(payload);
        if (interaction?.Action is not { } action) return;
        await RunAsync(interaction.UserId, interaction.TeamId, interaction.ChannelId, null, interaction.MessageTs, action, cancellationToken);
    }

    private async Task OnCommandAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var userId = Text(command, "user_id") ?? throw new InvalidOperationException("The stored command has no user_id.");
        var channelId = Text(command, "channel_id");

        // Answers go where the command was typed when that is the direct chat with the bot, else to it; commands
        // about the channel itself (subscribing it to the digest, posting the digest there) stay in the channel.
        var text = Text(command, "text") ?? "";
        var target = channelId is not null && (channelId.StartsWith('D') || DigestConversation.IsChannelCommand(text)) ? channelId : null;
        await RunAsync(userId, Text(command, "team_id"), target, null, null, new TextInput(text), cancellationToken);
    }

    /// <summary>One turn: the conversation's answer posted in <paramref name="channelId"/> (the person's direct messages when null).</summary>
    private async Task RunAsync(
        string userId, string? teamId, string? channelId, string? threadTs, string? answeredMessageTs, ChatInput input, CancellationToken cancellationToken)
    {
        var (turn, direct) = await TurnAsync(userId, teamId, channelId, input, cancellationToken);
        var target = channelId ?? direct;
        var result = await router.HandleAsync(turn, cancellationToken);
        var name = InputName(input);
        LogTurn(input.GetType().Name, name, result.Replies.Count, result.ReplaceCard?.Template ?? "-");

        // A card that was answered is replaced in place, so no stale buttons remain.
        if (result.ReplaceCard is not null && answeredMessageTs is not null)
            await channel.UpdateAsync(turn.Address with { ConversationId = target }, answeredMessageTs, OutboundMessage.Show(result.ReplaceCard), cancellationToken);
        else if (result.ReplaceCard is not null)
            await channel.PostAsync(target, threadTs, OutboundMessage.Show(result.ReplaceCard), cancellationToken);

        foreach (var reply in result.Replies) await channel.PostAsync(target, threadTs, reply, cancellationToken);
        await NotifyAsync(result, cancellationToken);
    }

    /// <summary>The Home tab: the person's tasks, or what to do when ComplianceBot does not know them.</summary>
    private async Task PublishHomeAsync(string userId, string? teamId, CancellationToken cancellationToken)
    {
        var (turn, _) = await TurnAsync(userId, teamId, null, new TextInput("tasks"), cancellationToken, direct: false);
        var result = await router.HandleAsync(turn, cancellationToken);
        var cards = result.Replies.Select(r => r.Card).OfType<Core.Cards.CardView>().ToArray();
        var view = cards.Length > 0
            ? BlockKitRenderer.RenderHome(cards)
            : new JsonObject
            {
                ["type"] = "home",
                ["blocks"] = new JsonArray(result.Replies.Select(r => r.Text).OfType<string>().Select(text => (JsonNode)new JsonObject
                {
                    ["type"] = "section",
                    ["text"] = BlockKitText.Mrkdwn(BlockKitText.Escape(text), BlockKitLimits.SectionText),
                }).ToArray()),
            };
        await client.PublishHomeAsync(userId, view, cancellationToken: cancellationToken);
        LogTurn("app_home_opened", "home", cards.Length, "my-tasks");
    }

    private static string InputName(ChatInput input) => input switch
    {
        ActionInput a => a.ActionId,
        FileInput => "file",
        TextInput t => FirstWord(t.Text),
        _ => input.GetType().Name,
    };

    private static string FirstWord(string text) =>
        text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries) is [var first, ..] ? first.ToLowerInvariant().TrimStart('/') : "";

    /// <summary>"&lt;@U0BOT&gt; status" in a channel: the mention is not part of the command.</summary>
    public static string StripMentions(string text) => Mention().Replace(text, " ").Trim();

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    [GeneratedRegex("<@[A-Z0-9]+(\\|[^>]*)?>")]
    private static partial Regex Mention();

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack {Kind} ({Input}): {Replies} replies, card {Card}")]
    private partial void LogTurn(string kind, string input, int replies, string card);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Slack {Kind} ignored: nothing for the bot to do")]
    private partial void LogIgnored(string kind);
}
