using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Digests;

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
        var chatUser = ChatUserOf(user, teamId);
        var people = new SlackPeopleLookup(this);
        if (channelId is not null && !channelId.StartsWith('D') && input is TextInput typed && DigestConversation.IsChannelCommand(typed.Text))
            return (new ChatTurn(chatUser, address with { ConversationId = channelId, UserId = null }, input, files, IsDirect: false, people), dm);
        return (new ChatTurn(chatUser, address, input, files, direct, people), dm);
    }

    /// <summary>
    /// The Slack user as the conversations see them. Members of the workspace (not guests, bots or people of
    /// another organisation's workspace) are vouched for, so they are enrolled on first contact.
    /// </summary>
    private ChatUser ChatUserOf(SlackUser user, string? teamId)
    {
        var ofOrganisation = !user.IsBot && !user.Deleted && !user.IsGuest
            && (string.IsNullOrEmpty(options.TeamId) || string.Equals(user.TeamId ?? teamId, options.TeamId, StringComparison.Ordinal));
        return user.ToChatUser() with { TenantId = teamId ?? user.TeamId, TimeZone = user.TimeZone, OfOrganisation = ofOrganisation, DirectoryId = user.Id };
    }

    /// <summary>Someone picked with users_select (its value is their user id), described by users.info.</summary>
    private sealed class SlackPeopleLookup(SlackBot bot) : IChatPeopleLookup
    {
        public async Task<ChatUser?> DescribeAsync(string pickedId, CancellationToken cancellationToken = default)
        {
            var user = await bot.UserAsync(pickedId, cancellationToken);
            return user.Email is null && user.TeamId is null ? null : bot.ChatUserOf(user, null);
        }
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

    /// <summary>Notices go to each person wherever they can be reached (see <see cref="NoticeDelivery"/>); one that cannot is logged.</summary>
    private async Task NotifyAsync(TurnResult result, CancellationToken cancellationToken) =>
        NoticeLog.Report(logger, Platform, await notices.SendAsync(result.Notices, cancellationToken));
}
