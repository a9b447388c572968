using System.Collections.Concurrent;
using System.Text.Json;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace ComplianceBot.Channels.Teams;

/// <summary>
/// Runs Teams activities through the conversations and carries out the result: replies, the answered card
/// replaced in place, notices to other people. Messages come from the durable inbox; invokes are answered
/// synchronously within Teams' 15-second budget.
/// </summary>
public sealed partial class TeamsBot(
    ConversationRouter router, TeamsChannel channel, ConnectorClient connector, TeamsFileSource files, NoticeDelivery notices, ChoiceSearch search,
    TeamsOptions options, ILogger<TeamsBot> logger) : IInboxHandler
{
    private const int MaxCachedMembers = 10_000;
    private const int MaxSearchResults = 15;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, string?> emails = new(StringComparer.Ordinal);

    public string Platform => Platforms.Teams;

    public static Activity? Parse(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<Activity>(payload, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task HandleAsync(InboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var activity = Parse(item.Payload) ?? throw new InvalidOperationException("The stored activity is not valid JSON.");
        var input = TeamsActivityMapper.InputOf(activity);
        if (input is null) return;

        var (turn, address) = await TurnAsync(activity, input, cancellationToken);
        var result = await router.HandleAsync(turn, cancellationToken);
        LogTurn(activity.Type ?? "", input.GetType().Name, result.Replies.Count, result.ReplaceCard?.Template ?? "-");

        // Action.Submit: replace the card that was answered, so no stale buttons remain.
        if (result.ReplaceCard is not null && activity.ReplyToId is not null)
            await channel.UpdateAsync(address, activity.ReplyToId, OutboundMessage.Show(result.ReplaceCard), cancellationToken);
        else if (result.ReplaceCard is not null)
            await channel.SendAsync(address, OutboundMessage.Show(result.ReplaceCard), cancellationToken);

        foreach (var reply in result.Replies) await channel.ReplyAsync(address, activity.Id, reply, cancellationToken);
        await NotifyAsync(result, cancellationToken);
    }

    /// <summary>
    /// An Action.Execute (adaptiveCard/action): the refreshed card goes back in the HTTP answer. A typeahead's
    /// search (application/search): the matching choices.
    /// </summary>
    public async Task<InvokeResponse> InvokeAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Name == TeamsActivityMapper.Search) return await SearchAsync(activity, cancellationToken);
        if (activity.Name != TeamsActivityMapper.AdaptiveCardAction) return InvokeResponse.NotImplemented;
        if (TeamsActivityMapper.InputOf(activity) is not ActionInput { ActionId.Length: > 0 } input)
            return InvokeResponse.BadRequest("The invoke carries no Action.Execute action.");

        var (turn, address) = await TurnAsync(activity, input, cancellationToken);
        var result = await router.HandleAsync(turn, cancellationToken);
        LogTurn(activity.Type ?? "", input.ActionId, result.Replies.Count, result.ReplaceCard?.Template ?? "-");
        await NotifyAsync(result, cancellationToken);
        if (result.ReplaceCard is not null)
        {
            foreach (var reply in result.Replies) await channel.SendAsync(address, reply, cancellationToken);
            return InvokeResponse.Card(CardLibrary.Render(result.ReplaceCard, TeamsMarkdown.Escape));
        }

        // A new card (e.g. "Answer" on the task list) is posted as its own message; the task list stays.
        var cards = result.Replies.Where(r => r.Card is not null).ToList();
        foreach (var reply in cards) await channel.SendAsync(address, reply, cancellationToken);
        var text = string.Join(" ", result.Replies.Select(r => r.Text).OfType<string>());
        return InvokeResponse.Message(text.Length > 0 ? text : "Done: see below.");
    }

    /// <summary>Choices for a Data.Query typeahead, for people of the organisation's tenant (Teams shows at most 15).</summary>
    private async Task<InvokeResponse> SearchAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (TeamsActivityMapper.SearchOf(activity) is not { } query) return InvokeResponse.BadRequest("The search carries no dataset.");
        if (!ChoiceSearch.Serves(query.Dataset)) return InvokeResponse.BadRequest($"There is no dataset '{query.Dataset}'.");
        if (!options.IsOrganisationTenant(activity.TenantId)) return InvokeResponse.SearchResults([]);
        var choices = await search.SearchAsync(query.Dataset, query.Text, query.Skip, Math.Min(query.Top, MaxSearchResults), cancellationToken);
        return InvokeResponse.SearchResults(choices ?? []);
    }

    private async Task<(ChatTurn Turn, ConversationAddress Address)> TurnAsync(Activity activity, ChatInput input, CancellationToken cancellationToken)
    {
        var userId = activity.From?.Id ?? "";
        var address = new ConversationAddress(
            Platforms.Teams, activity.Conversation?.Id ?? "", activity.ServiceUrl, activity.TenantId, activity.Recipient?.Id, userId);
        var email = await EmailOfAsync(activity, cancellationToken);
        var zone = activity.Extra?.GetValueOrDefault("localTimezone") is { ValueKind: JsonValueKind.String } local ? local.GetString() : null;
        var user = new ChatUser(
            Platforms.Teams, userId, email, activity.From?.Name, activity.TenantId, zone, options.IsOrganisationTenant(activity.TenantId), activity.From?.AadObjectId);
        var direct = activity.Conversation?.ConversationType is null or "personal";
        var people = activity.ServiceUrl is null || activity.Conversation?.Id is null
            ? null
            : new TeamsPeopleLookup(connector, options, activity.ServiceUrl, activity.Conversation.Id);
        return (new ChatTurn(user, address, input, files, direct, people), address);
    }

    /// <summary>Teams activities carry no email; the connector's member lookup does. Remembered per user id.</summary>
    private async Task<string?> EmailOfAsync(Activity activity, CancellationToken cancellationToken)
    {
        var userId = activity.From?.Id;
        if (userId is null || activity.ServiceUrl is null || activity.Conversation?.Id is null) return null;
        if (emails.TryGetValue(userId, out var known)) return known;
        var member = await connector.GetMemberAsync(activity.ServiceUrl, activity.Conversation.Id, userId, cancellationToken);
        var email = member?["email"]?.GetValue<string>() ?? member?["userPrincipalName"]?.GetValue<string>();
        if (emails.Count >= MaxCachedMembers) emails.Clear();
        if (email is not null) emails[userId] = email;
        return email;
    }

    private async Task NotifyAsync(TurnResult result, CancellationToken cancellationToken) =>
        NoticeLog.Report(logger, Platform, await notices.SendAsync(result.Notices, cancellationToken));

    [LoggerMessage(Level = LogLevel.Information, Message = "Teams {ActivityType} ({Input}): {Replies} replies, card {Card}")]
    private partial void LogTurn(string activityType, string input, int replies, string card);
}
