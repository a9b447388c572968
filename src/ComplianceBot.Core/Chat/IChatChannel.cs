namespace ComplianceBot.Core.Chat;

/// <summary>
/// The channel seam: how ComplianceBot posts into a chat platform — send, update, open a 1:1 conversation, and
/// (by the stored <see cref="ConversationAddress"/>) send proactively. Teams and Slack implement it; the
/// conversations and the jobs never see which one they talk through. Every failure is a
/// <see cref="ChatSendException"/> saying whether the message may have been delivered and whether the recipient
/// can be reached at all; retrying what is safe to retry (throttling, a connection that was never made) happens
/// inside the channel, so a failure that comes out is final for this attempt.
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
