using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Delivery;

/// <summary>
/// Where to reach a person 1:1: the conversation reference they last used (on whichever platform), else a
/// conversation opened for them on a platform they have an account on, else on a platform that knows their
/// email (remembered for next time either way).
/// </summary>
public sealed class ChatAddressBook(IComplianceStore store, IEnumerable<IChatChannel> channels, TimeProvider time)
{
    private readonly Dictionary<string, IChatChannel> byPlatform = channels.GroupBy(c => c.Platform, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public IChatChannel? Channel(string platform) => byPlatform.GetValueOrDefault(platform);

    /// <returns>Null when the person has no account on any platform we can send to.</returns>
    /// <exception cref="ChatSendException">A platform failed to open the conversation (or to look the person up).</exception>
    public async Task<ConversationAddress?> DirectAsync(Person person, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        ConversationReference? latest = null;
        foreach (var platform in byPlatform.Keys)
        {
            var reference = (await store.FindAsync<ConversationReference>(ConversationReference.IdFor(platform, person.Id), cancellationToken))?.Document;
            if (reference is not null && (latest is null || reference.UpdatedAt > latest.UpdatedAt)) latest = reference;
        }

        if (latest is not null) return latest.Address;

        // A platform that fails (the person blocked the bot there, say) does not stop the others being tried.
        ChatSendException? failure = null;
        foreach (var identity in person.ChatIdentities)
        {
            if (!byPlatform.TryGetValue(identity.Platform, out var channel)) continue;
            try
            {
                return await RememberAsync(person, await channel.OpenDirectAsync(identity.UserId, identity.TenantId, cancellationToken), cancellationToken);
            }
            catch (ChatSendException ex)
            {
                failure ??= ex;
            }
        }

        foreach (var channel in byPlatform.Values)
        {
            if (channel is not IChatDirectory directory || string.IsNullOrWhiteSpace(person.Email)) continue;
            try
            {
                if (await directory.FindUserIdAsync(person.Email, cancellationToken) is not { } userId) continue;
                return await RememberAsync(person, await channel.OpenDirectAsync(userId, null, cancellationToken), cancellationToken);
            }
            catch (ChatSendException ex)
            {
                failure ??= ex;
            }
        }

        return failure is null ? null : throw failure;
    }

    private async Task<ConversationAddress> RememberAsync(Person person, ConversationAddress address, CancellationToken cancellationToken)
    {
        await store.UpsertAsync(new ConversationReference
        {
            Id = ConversationReference.IdFor(address.Platform, person.Id), PersonId = person.Id, Address = address, UpdatedAt = time.GetUtcNow(),
        }, cancellationToken);
        return address;
    }
}
