namespace ComplianceBot.Core.Chat;

/// <summary>
/// Implemented by channels that can read back what the bot posted (Slack: message metadata in
/// conversations.history). Teams has no such read, so a message whose send was interrupted stays in doubt there.
/// </summary>
public interface IDeliveryHistory
{
    /// <summary>Delivery keys found on the bot's messages in <paramref name="conversation"/> since <paramref name="since"/>, with each message's id.</summary>
    Task<IReadOnlyDictionary<string, string>> FindDeliveriesAsync(
        ConversationAddress conversation, DateTimeOffset since, CancellationToken cancellationToken = default);
}
