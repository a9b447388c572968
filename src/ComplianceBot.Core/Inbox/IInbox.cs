using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Inbox;

/// <summary>
/// The durable queue of accepted chat events, between "acknowledged to the platform" and "processed". It is a
/// seam of its own, apart from <see cref="IComplianceStore"/>, because what it promises differs from a record store:
/// <list type="bullet">
/// <item>An item is durable when <see cref="AcceptAsync"/> returns: it survives the process (the embedded inbox:
/// not a power cut, the same promise as the embedded store's commits; Cosmos DB: the account's durability).</item>
/// <item>A delivery id is accepted once: accepting an id that is still known answers null (a redelivery). Finished
/// items are forgotten after <see cref="FinishedKeptFor"/>, so a redelivery later than that is taken as new;
/// pending and failed items are never forgotten.</item>
/// <item>Every change after acceptance goes through a lease: it names the version it changes (its ETag) and
/// throws <see cref="ConcurrencyConflictException"/> when the item has changed since, so two workers never both
/// hold an item. A failed item is parked for people to look at, not retried.</item>
/// <item>Where it runs: the embedded inbox belongs to one process (a second one is refused); the Cosmos inbox is
/// shared by every instance.</item>
/// <item>When it cannot write (a full or unwritable disk, an unreachable account) a call throws
/// <see cref="InboxUnavailableException"/>, nothing half-done is kept, and it recovers by itself when it can
/// write again; <see cref="GetStatusAsync"/> says so for readiness.</item>
/// </list>
/// </summary>
public interface IInbox
{
    /// <summary>How long a finished item's id is kept to recognise a redelivery.</summary>
    public static readonly TimeSpan FinishedKeptFor = TimeSpan.FromDays(2);

    /// <summary>Stores a new item; null when its id is already known (a redelivery: acknowledge it and do nothing).</summary>
    Task<Stored<InboxItem>?> AcceptAsync(InboxItem item, CancellationToken cancellationToken = default);

    Task<Stored<InboxItem>?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Pending items nobody holds a lease on at <paramref name="now"/> (and whose retry delay has passed), oldest first.</summary>
    Task<IReadOnlyList<Stored<InboxItem>>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>Items in one state, oldest first: failed ones for people to look at, pending ones to see the backlog.</summary>
    Task<IReadOnlyList<Stored<InboxItem>>> ListAsync(InboxState state, int max, CancellationToken cancellationToken = default);

    /// <summary>Takes (or keeps) an item until <paramref name="until"/>; a new attempt counts one more attempt.</summary>
    Task<Stored<InboxItem>> LeaseAsync(Stored<InboxItem> item, DateTimeOffset until, bool newAttempt, CancellationToken cancellationToken = default);

    /// <summary>Marks an item done; what people wrote (the payload) is dropped, the id stays to recognise redeliveries.</summary>
    Task<Stored<InboxItem>> CompleteAsync(Stored<InboxItem> item, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt and why: tried again after <paramref name="retryAt"/>, or parked as failed when it is null.</summary>
    Task<Stored<InboxItem>> FailAsync(Stored<InboxItem> item, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken = default);

    /// <summary>Copies items as they are (a move between inboxes); ids already there are left alone. Returns how many were added.</summary>
    Task<int> ImportAsync(IEnumerable<InboxItem> items, CancellationToken cancellationToken = default);

    /// <summary>Whether the inbox can take items now, and its backlog.</summary>
    Task<InboxStatus> GetStatusAsync(CancellationToken cancellationToken = default);
}

/// <param name="Ready">It can accept items now.</param>
/// <param name="Problem">Why not, when it cannot.</param>
/// <param name="OldestPending">When the oldest pending item was received.</param>
public sealed record InboxStatus(bool Ready, string? Problem, int Pending, int Failed, DateTimeOffset? OldestPending);
