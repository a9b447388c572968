using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Records;

namespace ComplianceBot.Channels.Slack;

/// <summary>Who the Slack user is to the conversations, and how other people are reached.</summary>
public sealed partial class SlackBot
{
    /// <summary>The chat turn for a Slack user, with their email and time zone from users.info; and their direct-message channel.</summary>
    private async Task<(ChatTurn Turn, string Direct)> TurnAsync(
        string userId, string? teamId, string? channelId, ChatInput input, CancellationToken cancellationToken, bool direct = true)
    {
        var user = await UserAsync(userId, cancellationToken);
        var dm = channelId is not null && channelId.StartsWith('D') ? channelId : (await channel.OpenDirectAsync(userId, teamId, cancellationToken)).ConversationId;
        var address = new ConversationAddress(Platforms.Slack, dm, TenantId: teamId ?? user.TeamId, UserId: userId);
        var chatUser = user.ToChatUser() with { TenantId = teamId ?? user.TeamId, TimeZone = user.TimeZone };
        if (channelId is not null && !channelId.StartsWith('D') && input is TextInput typed && DigestConversation.IsChannelCommand(typed.Text))
            return (new ChatTurn(chatUser, address with { ConversationId = channelId, UserId = null }, input, files, IsDirect: false), dm);
        return (new ChatTurn(chatUser, address, input, files, direct), dm);
    }

    private async Task<SlackUser> UserAsync(string userId, CancellationToken cancellationToken)
    {
        if (users.TryGetValue(userId, out var known)) return known;
        SlackUser user;
        try
        {
            user = await client.GetUserAsync(userId, cancellationToken);
        }
        catch (SlackApiException failed) when (failed.Error is "user_not_found" or "user_not_visible")
        {
            // Someone Slack will not describe (another workspace, say): without an email the conversations say
            // plainly that they are not known.
            return new SlackUser(userId, null, null, null, null, null, null, null, IsBot: false, Deleted: false);
        }

        if (users.Count >= MaxCachedUsers) users.Clear();
        users[userId] = user;
        return user;
    }

    /// <summary>
    /// Notices go to the person's direct messages with the bot: the one they used, else the Slack account their
    /// email belongs to (users.lookupByEmail), so an owner hears of a new risk before ever talking to the bot.
    /// </summary>
    private async Task NotifyAsync(TurnResult result, CancellationToken cancellationToken)
    {
        foreach (var notice in result.Notices ?? [])
        {
            var reference = await store.FindAsync<ConversationReference>(ConversationReference.IdFor(Platforms.Slack, notice.PersonId), cancellationToken);
            var target = reference?.Document.Address.ConversationId;
            if (target is null && await store.FindAsync<Person>(notice.PersonId, cancellationToken) is { } person)
            {
                var slackId = person.Document.ChatIdentities.FirstOrDefault(i => i.Platform == Platforms.Slack)?.UserId
                    ?? (await client.LookupUserByEmailAsync(person.Document.Email, cancellationToken))?.Id;
                if (slackId is not null) target = (await channel.OpenDirectAsync(slackId, null, cancellationToken)).ConversationId;
            }

            if (target is null)
            {
                LogNoReference();
                continue;
            }

            await channel.PostAsync(target, null, notice.Message, cancellationToken);
        }
    }
}
