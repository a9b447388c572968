namespace ComplianceBot.Core.Chat;

/// <summary>
/// Implemented by channels that can find a person's account by email (Slack: users.lookupByEmail), so someone
/// who never wrote to the bot and has no account on record can still be reached.
/// </summary>
public interface IChatDirectory
{
    /// <summary>The platform user id for <paramref name="email"/>, or null when the platform has nobody with it.</summary>
    /// <exception cref="ChatSendException">The lookup failed.</exception>
    Task<string?> FindUserIdAsync(string email, CancellationToken cancellationToken = default);
}
