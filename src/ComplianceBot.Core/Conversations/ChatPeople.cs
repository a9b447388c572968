using System.Collections.Concurrent;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// Finds the person behind a chat account (by email, else by a chat identity seen before), enrols someone of the
/// organisation on first contact, remembers the account (and the time zone the platform knows) on the person, and
/// keeps the 1:1 conversation reference current for proactive messages.
/// </summary>
public sealed class ChatPeople(IComplianceStore store, Audit.AuditTrail audit, TimeProvider time)
{
    private const int MaxConfirmed = 10_000;
    private static readonly TimeSpan ConfirmedFor = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, (ConversationAddress Address, DateTimeOffset At)> confirmed = new(StringComparer.Ordinal);

    public async Task<Person?> ResolveAsync(ChatTurn turn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var user = turn.User;
        var person = user.Email is null ? null : (await store.FindAsync<Person>(Person.IdFor(user.Email), cancellationToken))?.Document;
        person ??= (await store.ListAsync<Person>(cancellationToken)).Select(p => p.Document)
            .FirstOrDefault(p => p.ChatIdentities.Any(i => i.Platform == user.Platform && i.UserId == user.UserId));
        person ??= await EnrolAsync(user, cancellationToken);
        if (person is null) return null;

        var zone = People.PeopleDirectory.KnownZone(user.TimeZone);
        if (!person.ChatIdentities.Any(i => i.Platform == user.Platform && i.UserId == user.UserId) || (zone is not null && zone != person.TimeZone))
        {
            person = (await store.UpdateAsync<Person>(person.Id, p => p with
            {
                ChatIdentities = p.ChatIdentities.Any(i => i.Platform == user.Platform && i.UserId == user.UserId)
                    ? p.ChatIdentities
                    : [.. p.ChatIdentities.Where(i => i.Platform != user.Platform), new ChatIdentity(user.Platform, user.UserId, user.TenantId)],
                TimeZone = zone ?? p.TimeZone,
            }, cancellationToken)).Document;
        }

        if (turn.IsDirect) await RememberConversationAsync(person.Id, turn.Address, cancellationToken);
        return person;
    }

    /// <summary>
    /// The person a card's people picker named: by email when one was typed; else by the picker's id among the
    /// people known (their directory id or their chat account on this platform); else as the platform describes
    /// them, enrolled like a first contact when they belong to the organisation. Null when nobody fits.
    /// </summary>
    public async Task<Person?> FindPickedAsync(ChatTurn turn, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        value = value.Trim();
        if (People.PeopleDirectory.IsEmail(value)) return (await store.FindAsync<Person>(Person.IdFor(value), cancellationToken))?.Document;

        var platform = turn.User.Platform;
        var known = (await store.ListAsync<Person>(cancellationToken)).Select(p => p.Document)
            .FirstOrDefault(p => p.DirectoryId == value || p.ChatIdentities.Any(i => i.Platform == platform && i.UserId == value));
        if (known is not null) return known;
        if (turn.People is null || await turn.People.DescribeAsync(value, cancellationToken) is not { } described) return null;

        var byEmail = described.Email is { } email && People.PeopleDirectory.IsEmail(email)
            ? (await store.FindAsync<Person>(Person.IdFor(email), cancellationToken))?.Document
            : null;
        if (byEmail is null) return await EnrolAsync(described, cancellationToken);
        if (described.DirectoryId is null || byEmail.DirectoryId == described.DirectoryId) return byEmail;
        return (await store.UpdateAsync<Person>(byEmail.Id, p => p with { DirectoryId = described.DirectoryId }, cancellationToken)).Document;
    }

    /// <summary>
    /// Someone of the organisation (as the platform vouches) whom nobody added yet becomes an employee on first
    /// contact: name, email and time zone from the platform, no roles. Owners, reviewers and admins are still named
    /// by configuration or the admin API.
    /// </summary>
    private async Task<Person?> EnrolAsync(ChatUser user, CancellationToken cancellationToken)
    {
        if (!user.OfOrganisation || user.Email is not { } email || !People.PeopleDirectory.IsEmail(email)) return null;
        var zone = People.PeopleDirectory.KnownZone(user.TimeZone) ?? "UTC";
        var person = new Person
        {
            Id = Person.IdFor(email),
            Email = email.Trim(),
            DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? email.Split('@')[0] : user.DisplayName.Trim(),
            TimeZone = zone,
            ChatIdentities = [new ChatIdentity(user.Platform, user.UserId, user.TenantId)],
            DirectoryId = user.DirectoryId,
        };
        try
        {
            await store.CreateAsync(person, cancellationToken);
        }
        catch (DocumentExistsException)
        {
            return (await store.FindAsync<Person>(person.Id, cancellationToken))?.Document; // enrolled by a message a moment earlier
        }

        await audit.RecordAsync(person.Id, "person.enrolled", Person.Kind, person.Id, $"platform={user.Platform}", cancellationToken);
        return person;
    }

    /// <summary>
    /// Keeps the person's 1:1 conversation reference current. It is written only when it changed, and a
    /// reference this instance wrote or confirmed lately is not read again: people write from the same chat.
    /// </summary>
    private async Task RememberConversationAsync(string personId, ConversationAddress address, CancellationToken cancellationToken)
    {
        var id = ConversationReference.IdFor(address.Platform, personId);
        var now = time.GetUtcNow();
        if (confirmed.TryGetValue(id, out var seen) && seen.Address == address && now - seen.At < ConfirmedFor) return;

        var stored = await store.FindAsync<ConversationReference>(id, cancellationToken);
        if (stored?.Document.Address != address)
        {
            await store.UpsertAsync(new ConversationReference { Id = id, PersonId = personId, Address = address, UpdatedAt = now }, cancellationToken);
        }

        if (confirmed.Count >= MaxConfirmed) confirmed.Clear();
        confirmed[id] = (address, now);
    }
}
