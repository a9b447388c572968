using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;

namespace ComplianceBot.Channels.Teams;

/// <summary>The channel seam for Microsoft Teams: messages and Adaptive Cards through the Bot Connector.</summary>
public sealed class TeamsChannel(ConnectorClient connector, TeamsOptions options) : IChatChannel
{
    public const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";

    public string Platform => Platforms.Teams;

    public Task<string?> SendAsync(ConversationAddress conversation, OutboundMessage message, CancellationToken cancellationToken = default) =>
        ReplyAsync(conversation, null, message, cancellationToken);

    /// <summary>Posts in answer to an activity (the connector's reply operation), or as a new message when <paramref name="replyToId"/> is null.</summary>
    public async Task<string?> ReplyAsync(ConversationAddress conversation, string? replyToId, OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(message);

        // Text and a card in one activity are split by Teams and no id comes back; send them apart so the
        // card's id is known for the update that follows an answer.
        string? id = null;
        if (message.Text is not null)
            id = await connector.SendAsync(ServiceUrl(conversation), conversation.ConversationId, Activity(conversation, message.Text, null), replyToId, cancellationToken);
        if (message.Card is not null)
            id = await connector.SendAsync(ServiceUrl(conversation), conversation.ConversationId, Activity(conversation, null, message.Card), replyToId, cancellationToken);
        return id;
    }

    public Task UpdateAsync(ConversationAddress conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(message);
        return connector.UpdateAsync(ServiceUrl(conversation), conversation.ConversationId, messageId, Activity(conversation, message.Text, message.Card), cancellationToken);
    }

    public async Task<ConversationAddress> OpenDirectAsync(string userId, string? tenantId, CancellationToken cancellationToken = default)
    {
        var serviceUrl = options.ServiceUrl ?? throw new InvalidOperationException("Teams__ServiceUrl is needed to start conversations with people who never wrote to the bot.");
        var botId = "28:" + options.AppId;
        var id = await connector.CreateConversationAsync(serviceUrl, new JsonObject
        {
            ["bot"] = new JsonObject { ["id"] = botId },
            ["members"] = new JsonArray(new JsonObject { ["id"] = userId }),
            ["isGroup"] = false,
            ["tenantId"] = tenantId,
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
        }, cancellationToken);
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
        conversation.ServiceUrl ?? throw new InvalidOperationException("A Teams conversation address needs its serviceUrl.");
}
