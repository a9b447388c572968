using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// Finds the person behind a chat account (by email, else by a chat identity seen before), remembers the
/// account on the person, and keeps the 1:1 conversation reference current for proactive messages.
/// </summary>
public sealed class ChatPeople(IComplianceStore store, TimeProvider time)
{
    public async Task<Person?> ResolveAsync(ChatTurn turn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var user = turn.User;
        var person = user.Email is null ? null : (await store.FindAsync<Person>(Person.IdFor(user.Email), cancellationToken))?.Document;
        person ??= (await store.ListAsync<Person>(cancellationToken)).Select(p => p.Document)
            .FirstOrDefault(p => p.ChatIdentities.Any(i => i.Platform == user.Platform && i.UserId == user.UserId));
        if (person is null) return null;

        if (!person.ChatIdentities.Any(i => i.Platform == user.Platform && i.UserId == user.UserId))
        {
            person = (await store.UpdateAsync<Person>(person.Id, p => p with
            {
                ChatIdentities = [.. p.ChatIdentities.Where(i => i.Platform != user.Platform), new ChatIdentity(user.Platform, user.UserId, user.TenantId)],
            }, cancellationToken)).Document;
        }

        // Written only when it changed: most turns come from the conversation we already know.
        var reference = turn.IsDirect
            ? await store.FindAsync<ConversationReference>(ConversationReference.IdFor(user.Platform, person.Id), cancellationToken)
            : null;
        if (turn.IsDirect && reference?.Document.Address != turn.Address)
        {
            await store.UpsertAsync(new ConversationReference
            {
                Id = ConversationReference.IdFor(user.Platform, person.Id),
                PersonId = person.Id,
                Address = turn.Address,
                UpdatedAt = time.GetUtcNow(),
            }, cancellationToken);
        }

        return person;
    }
}
