using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Diagnostics;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// The channel seam for Slack: messages and cards (rendered to Block Kit) through the Web API. A card posted as a
/// message keeps its inputs interactive; forms are opened as modals by <see cref="SlackBot"/> when a trigger is at
/// hand. Failures come out as <see cref="ChatSendException"/> (see <see cref="Failure"/>).
/// </summary>
public sealed partial class SlackChannel(SlackWebApiClient client) : IChatChannel, IChatDirectory
{
    private const int MaxCachedDirectChannels = 10_000;
    private const int MaxCachedRenderings = 1_000;
    private readonly ConcurrentDictionary<string, string> directChannels = new(StringComparer.Ordinal);

    /// <summary>
    /// Cards rendered to Block Kit, by template, data and text. Rendering costs more than sending, and the same
    /// card (help, status, a reminder) is sent again and again; the kept JSON is immutable, so sends share it.
    /// </summary>
    private readonly ConcurrentDictionary<string, (string Text, SlackBlocks Blocks)> renderings = new(StringComparer.Ordinal);

    public string Platform => Platforms.Slack;

    /// <summary>Slack's errors that say the recipient cannot be messaged at all, as opposed to this one message failing.</summary>
    private static readonly HashSet<string> UnreachableErrors = new(StringComparer.Ordinal)
    {
        "channel_not_found", "not_in_channel", "is_archived", "user_not_found", "users_not_found", "user_not_visible",
        "user_disabled", "cannot_dm_bot", "team_access_not_granted",
    };

    public async Task<string?> SendAsync(ConversationAddress conversation, OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return await PostAsync(conversation.ConversationId, null, message, cancellationToken);
    }

    /// <summary>The seam's failure for a Web API failure: may it have been delivered, and can the recipient be reached at all?</summary>
    public static ChatSendException Failure(SlackApiException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var kind = failure.MayHaveBeenCarriedOut ? SendFailure.MayHaveBeenDelivered
            : UnreachableErrors.Contains(failure.Error) ? SendFailure.RecipientUnreachable
            : SendFailure.NotDelivered;
        return new ChatSendException(Platforms.Slack, failure.Error, kind, failure);
    }

    public async Task<string?> FindUserIdAsync(string email, CancellationToken cancellationToken = default)
    {
        if (!client.IsConfigured) return null; // no Slack workspace here: nobody is found on Slack
        try
        {
            return (await client.LookupUserByEmailAsync(email, cancellationToken))?.Id;
        }
        catch (SlackApiException ex)
        {
            throw Failure(ex);
        }
    }

    /// <summary>Posts a message (in a thread when <paramref name="threadTs"/> is given); returns its ts.</summary>
    public async Task<string?> PostAsync(string channel, string? threadTs, OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (text, blocks) = RenderToSend(message);
        using var trace = SendTrace.Start(Platforms.Slack, "post");
        try
        {
            // Reminders carry their ledger ids, so an interrupted run can find them in the history.
            var ts = message.DeliveryKeys is { Count: > 0 } keys && threadTs is null
                ? (await client.PostMessageAsync(channel, text, blocks, DeliveryMetadata(keys), cancellationToken)).Ts
                : (await client.PostMessageAsync(channel, text, blocks, threadTs, cancellationToken)).Ts;
            trace.Sent();
            return ts;
        }
        catch (SlackApiException ex)
        {
            throw trace.Failed(Failure(ex));
        }
    }

    public async Task UpdateAsync(ConversationAddress conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(message);
        var (text, blocks) = RenderToSend(message);
        using var trace = SendTrace.Start(Platforms.Slack, "update");
        try
        {
            await client.UpdateMessageAsync(conversation.ConversationId, messageId, text, blocks, cancellationToken);
            trace.Sent();
        }
        catch (SlackApiException ex)
        {
            throw trace.Failed(Failure(ex));
        }
    }

    /// <summary>The direct-message channel with a Slack user (conversations.open gives the same one every time).</summary>
    public async Task<ConversationAddress> OpenDirectAsync(string userId, string? tenantId, CancellationToken cancellationToken = default)
    {
        if (!client.IsConfigured) throw new ChatSendException(Platforms.Slack, "slack_not_configured", SendFailure.RecipientUnreachable);
        if (!directChannels.TryGetValue(userId, out var channel))
        {
            try
            {
                channel = await client.OpenDirectMessageAsync(userId, cancellationToken);
            }
            catch (SlackApiException ex)
            {
                throw Failure(ex);
            }

            if (directChannels.Count >= MaxCachedDirectChannels) directChannels.Clear();
            directChannels[userId] = channel;
        }

        return new ConversationAddress(Platforms.Slack, channel, TenantId: tenantId, UserId: userId);
    }

    private (string Text, SlackBlocks? Blocks) RenderToSend(OutboundMessage message)
    {
        if (message.Card is null) return Render(message);
        var key = string.Concat(message.Card.Template, "\n", message.Text, "\n", message.Card.Data.ToJsonString());
        if (!renderings.TryGetValue(key, out var rendering))
        {
            var (text, blocks) = Render(message);
            rendering = (text, SlackBlocks.Written(blocks!));
            if (renderings.Count >= MaxCachedRenderings) renderings.Clear();
            renderings[key] = rendering;
        }

        return rendering;
    }

    /// <summary>A message as Slack takes it: the notification text, and blocks when there is a card.</summary>
    public static (string Text, JsonArray? Blocks) Render(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Card is null) return (BlockKitText.Escape(message.Text ?? ""), null);
        var rendered = BlockKitRenderer.RenderMessage(message.Card);
        if (message.Text is { Length: > 0 } text && rendered.Blocks.Count < BlockKitLimits.MessageBlocks)
        {
            rendered.Blocks.Insert(0, new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = BlockKitText.Escape(text) },
            });
        }

        return (message.Text is { Length: > 0 } t ? BlockKitText.Escape(t) : rendered.Text, rendered.Blocks);
    }
}
