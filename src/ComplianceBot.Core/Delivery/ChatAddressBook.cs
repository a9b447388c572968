using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Delivery;

/// <summary>
/// Where to reach a person 1:1: the conversation reference they last used (on whichever platform), else a
/// conversation opened for them on a platform they have an account on (remembered for next time).
/// </summary>
public sealed class ChatAddressBook(IComplianceStore store, IEnumerable<IChatChannel> channels, TimeProvider time)
{
    private readonly Dictionary<string, IChatChannel> byPlatform = channels.GroupBy(c => c.Platform, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public IChatChannel? Channel(string platform) => byPlatform.GetValueOrDefault(platform);

    /// <returns>Null when the person has no account on any platform we can send to.</returns>
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

        foreach (var identity in person.ChatIdentities)
        {
            if (!byPlatform.TryGetValue(identity.Platform, out var channel)) continue;
            var address = await channel.OpenDirectAsync(identity.UserId, identity.TenantId, cancellationToken);
            await store.UpsertAsync(new ConversationReference
            {
                Id = ConversationReference.IdFor(identity.Platform, person.Id), PersonId = person.Id, Address = address, UpdatedAt = time.GetUtcNow(),
            }, cancellationToken);
            return address;
        }

        return null;
    }
}
