using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Diagnostics;

namespace ComplianceBot.Channels.Teams;

/// <summary>
/// The channel seam for Microsoft Teams: messages and Adaptive Cards through the Bot Connector. Failures come out
/// as <see cref="ChatSendException"/>: 403 (the bot blocked or removed) and 404 (no such conversation or user)
/// mean the recipient cannot be reached.
/// </summary>
public sealed class TeamsChannel(ConnectorClient connector, TeamsOptions options) : IChatChannel
{
    public const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";

    public string Platform => Platforms.Teams;

    public Task<string?> SendAsync(ConversationAddress conversation, OutboundMessage message, CancellationToken cancellationToken = default) =>
        ReplyAsync(conversation, null, message, cancellationToken);

    /// <summary>The seam's failure for a connector failure: may it have been delivered, and can the recipient be reached at all?</summary>
    public static ChatSendException Failure(BotConnectorException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var kind = failure.MayHaveBeenCarriedOut ? SendFailure.MayHaveBeenDelivered
            : failure.HttpStatus is 403 or 404 ? SendFailure.RecipientUnreachable
            : SendFailure.NotDelivered;
        var reason = failure.Code ?? (failure.HttpStatus is { } status ? $"http_{status}" : "no_answer");
        return new ChatSendException(Platforms.Teams, reason, kind, failure);
    }

    /// <summary>Posts in answer to an activity (the connector's reply operation), or as a new message when <paramref name="replyToId"/> is null.</summary>
    public async Task<string?> ReplyAsync(ConversationAddress conversation, string? replyToId, OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(message);

        // Text and a card in one activity are split by Teams and no id comes back; send them apart so the
        // card's id is known for the update that follows an answer.
        var serviceUrl = ServiceUrl(conversation);
        string? id = null;
        using var trace = SendTrace.Start(Platforms.Teams, replyToId is null ? "post" : "reply");
        try
        {
            if (message.Text is not null)
                id = await connector.SendAsync(serviceUrl, conversation.ConversationId, Activity(conversation, message.Text, null), replyToId, cancellationToken);
            if (message.Card is not null)
                id = await connector.SendAsync(serviceUrl, conversation.ConversationId, Activity(conversation, null, message.Card), replyToId, cancellationToken);
            trace.Sent();
        }
        catch (BotConnectorException ex)
        {
            throw trace.Failed(Failure(ex));
        }

        return id;
    }

    public async Task UpdateAsync(ConversationAddress conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(message);
        using var trace = SendTrace.Start(Platforms.Teams, "update");
        try
        {
            await connector.UpdateAsync(ServiceUrl(conversation), conversation.ConversationId, messageId, Activity(conversation, message.Text, message.Card), cancellationToken);
            trace.Sent();
        }
        catch (BotConnectorException ex)
        {
            throw trace.Failed(Failure(ex));
        }
    }

    public async Task<ConversationAddress> OpenDirectAsync(string userId, string? tenantId, CancellationToken cancellationToken = default)
    {
        // Without Teams__ServiceUrl nobody who never wrote to the bot can be reached on Teams.
        var serviceUrl = options.ServiceUrl ?? throw new ChatSendException(Platforms.Teams, "service_url_not_configured", SendFailure.RecipientUnreachable);
        var botId = "28:" + options.AppId;
        string id;
        try
        {
            id = await connector.CreateConversationAsync(serviceUrl, new JsonObject
            {
                ["bot"] = new JsonObject { ["id"] = botId },
                ["members"] = new JsonArray(new JsonObject { ["id"] = userId }),
                ["isGroup"] = false,
                ["tenantId"] = tenantId,
                ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
            }, cancellationToken);
        }
        catch (BotConnectorException ex)
        {
            throw Failure(ex);
        }

        return new ConversationAddress(Platforms.Teams, id, serviceUrl, tenantId, botId, userId);
    }

    /// <summary>An outgoing message activity: text, or one Adaptive Card attachment.</summary>
    public static JsonObject Activity(ConversationAddress conversation, string? text, CardView? card)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["from"] = conversation.BotId is null ? null : new JsonObject { ["id"] = conversation.BotId },
            ["conversation"] = new JsonObject { ["id"] = conversation.ConversationId },
            ["recipient"] = conversation.UserId is null ? null : new JsonObject { ["id"] = conversation.UserId },
        };
        if (text is not null)
        {
            activity["text"] = text;
            activity["textFormat"] = "plain";
        }

        if (card is not null)
        {
            activity["attachments"] = new JsonArray(new JsonObject { ["contentType"] = AdaptiveCardType, ["content"] = CardLibrary.Render(card, TeamsMarkdown.Escape) });
        }

        return activity;
    }

    private static string ServiceUrl(ConversationAddress conversation) =>
        conversation.ServiceUrl ?? throw new ChatSendException(Platforms.Teams, "address_without_service_url", SendFailure.RecipientUnreachable);
}
