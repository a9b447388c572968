namespace ComplianceBot.Core.Chat;

/// <summary>
/// The channel seam: how ComplianceBot posts into a chat platform. Teams, Slack and the local chat implement it;
/// the conversations never see which one they talk through.
/// </summary>
public interface IChatChannel
{
    string Platform { get; }

    /// <summary>Posts a new message; returns its id on the platform (for a later update).</summary>
    Task<string?> SendAsync(ConversationAddress conversation, OutboundMessage message, CancellationToken cancellationToken = default);

    /// <summary>Replaces a message the bot sent earlier (a card after it was answered).</summary>
    Task UpdateAsync(ConversationAddress conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken = default);

    /// <summary>Opens (or finds) the 1:1 conversation with a person, for proactive messages.</summary>
    Task<ConversationAddress> OpenDirectAsync(string userId, string? tenantId, CancellationToken cancellationToken = default);
}
