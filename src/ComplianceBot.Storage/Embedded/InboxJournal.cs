using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Storage.Embedded;

/// <summary>
/// The embedded inbox's state: every change to an item is appended to a journal in a folder of its own, and the
/// current state of every item is kept in memory. An accepted event costs one small append instead of rewriting
/// B-tree pages of a database.
/// <para>
/// A change is in the journal when the call returns: written to the file (the page cache), so it survives the
/// process, not a power cut — the same promise as a commit in the embedded store. A write that fails changes
/// nothing in memory; the journal then refuses calls until it has started a fresh segment with everything it
/// holds, which each later call tries, so it recovers by itself once the disk can be written again.
/// </para>
/// <para>
/// The journal is one process's: a lock file keeps a second process (or inbox) from opening it. When the current
/// segment has grown, a new one starts with a snapshot of what is still needed — pending and failed items, and
/// finished ones for <see cref="IInbox.FinishedKeptFor"/> so that a late redelivery is still recognised — and
/// older segments are deleted.
/// </para>
/// </summary>
internal sealed partial class InboxJournal : IDisposable
{
    private readonly object gate = new();
    private readonly Dictionary<string, Stored<InboxItem>> items = new(StringComparer.Ordinal);
    private readonly HashSet<string> pending = new(StringComparer.Ordinal);
    private readonly TimeProvider time;

    private InboxJournal(string folder, TimeProvider time)
    {
        this.folder = folder;
        this.time = time;
    }

    /// <summary>Adds a new item; null when its id is already there.</summary>
    public Stored<InboxItem>? Create(InboxItem item)
    {
        try
        {
            return Write(item, current =>
            {
                if (current is not null) throw new DocumentExistsException(InboxItem.Kind, item.Id);
            });
        }
        catch (DocumentExistsException)
        {
            return null;
        }
    }

    /// <summary>Changes an item if it is still as <paramref name="ifMatch"/> says.</summary>
    public Stored<InboxItem> Replace(InboxItem item, string ifMatch) =>
        Write(item, current =>
        {
            if (current is null) throw new DocumentNotFoundException(InboxItem.Kind, item.Id);
            if (current.ETag != ifMatch) throw new ConcurrencyConflictException(InboxItem.Kind, item.Id);
        });

    public Stored<InboxItem>? Find(string id)
    {
        lock (gate) return items.GetValueOrDefault(id);
    }

    /// <summary>Items in one state, oldest first.</summary>
    public IReadOnlyList<Stored<InboxItem>> List(InboxState state, int max)
    {
        lock (gate)
        {
            var candidates = state == InboxState.Pending ? pending.Select(id => items[id]) : items.Values.Where(s => s.Document.State == state);
            return [.. candidates.OrderBy(s => s.Document.ReceivedAt).ThenBy(s => s.Document.Id, StringComparer.Ordinal).Take(max)];
        }
    }

    /// <summary>Pending items whose lease (or retry delay) has run out at <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<Stored<InboxItem>> ListDue(DateTimeOffset now, int max)
    {
        lock (gate)
        {
            return [.. pending.Select(id => items[id])
                .Where(s => s.Document.LeaseUntil is null || s.Document.LeaseUntil <= now)
                .OrderBy(s => s.Document.ReceivedAt)
                .ThenBy(s => s.Document.Id, StringComparer.Ordinal)
                .Take(max)];
        }
    }

    public (int Pending, int Failed, DateTimeOffset? OldestPending) Measure()
    {
        lock (gate)
        {
            DateTimeOffset? oldest = null;
            foreach (var id in pending)
            {
                var received = items[id].Document.ReceivedAt;
                if (oldest is null || received < oldest) oldest = received;
            }

            return (pending.Count, items.Values.Count(s => s.Document.State == InboxState.Failed), oldest);
        }
    }

    /// <summary>
    /// Records a new version of an item: framed outside the gate, then checked against the current version
    /// (<paramref name="check"/> throws to refuse), appended and applied under it.
    /// </summary>
    private Stored<InboxItem> Write(InboxItem item, Action<Stored<InboxItem>?> check)
    {
        ArgumentNullException.ThrowIfNull(item);
        var stored = new Stored<InboxItem>(item, tags.Next());
        var record = Frame(stored);
        lock (gate)
        {
            EnsureWritable();
            check(items.GetValueOrDefault(item.Id));
            Append(record);
            Apply(stored);
        }

        return stored;
    }

    private readonly VersionTags tags = new();

    private void Apply(Stored<InboxItem> stored)
    {
        items[stored.Document.Id] = stored;
        if (stored.Document.State == InboxState.Pending) pending.Add(stored.Document.Id);
        else pending.Remove(stored.Document.Id);
    }

    /// <summary>What a new segment starts with: everything but finished items past <see cref="IInbox.FinishedKeptFor"/> (which are forgotten).</summary>
    private List<Stored<InboxItem>> TakeSnapshot()
    {
        var now = time.GetUtcNow();
        var expired = items.Values.Where(s => !s.Document.KeptAt(now, IInbox.FinishedKeptFor)).Select(s => s.Document.Id).ToList();
        foreach (var id in expired) items.Remove(id);
        return [.. items.Values];
    }
}
