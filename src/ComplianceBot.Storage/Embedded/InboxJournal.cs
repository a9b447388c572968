using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Storage.Embedded;

/// <summary>
/// The embedded store's inbox: every change to an inbox item is appended to a journal in a folder beside the
/// database, and the current state of every item is kept in memory. An accepted event costs one small append
/// instead of rewriting B-tree pages of the database.
/// <para>
/// A change is in the journal when the call returns: the same promise as a database commit in the embedded store
/// (it survives the process, not a power cut). Writes fail-stop: after a failed write every call fails until the
/// process restarts and replays the journal.
/// </para>
/// <para>
/// The journal is one process's: a lock file keeps a second process (or store) from opening it. When the current
/// segment has grown, a new one starts with a snapshot of what is still needed — pending and failed items, and
/// finished ones for <see cref="DoneKeptFor"/> so that a late redelivery is still recognised — and older segments
/// are deleted.
/// </para>
/// </summary>
internal sealed partial class InboxJournal : IDisposable
{
    /// <summary>How long a finished item's id is kept, to recognise a redelivery of it.</summary>
    public static readonly TimeSpan DoneKeptFor = TimeSpan.FromDays(2);

    private readonly object gate = new();
    private readonly Dictionary<string, Stored<InboxItem>> items = new(StringComparer.Ordinal);
    private readonly HashSet<string> pending = new(StringComparer.Ordinal);
    private readonly TimeProvider time;

    private InboxJournal(string folder, TimeProvider time)
    {
        this.folder = folder;
        this.time = time;
    }

    /// <summary>Adds a new item.</summary>
    public Task<Stored<InboxItem>> CreateAsync(InboxItem item) =>
        WriteAsync(item, current =>
        {
            if (current is not null) throw new DocumentExistsException(InboxItem.Kind, item.Id);
        });

    /// <summary>Changes an item if it is still as <paramref name="ifMatch"/> says.</summary>
    public Task<Stored<InboxItem>> ReplaceAsync(InboxItem item, string ifMatch) =>
        WriteAsync(item, current =>
        {
            if (current is null) throw new DocumentNotFoundException(InboxItem.Kind, item.Id);
            if (current.ETag != ifMatch) throw new ConcurrencyConflictException(InboxItem.Kind, item.Id);
        });

    public Task<Stored<InboxItem>> UpsertAsync(InboxItem item) => WriteAsync(item, check: null);

    /// <returns>How many items were added (ids already present are left as they are).</returns>
    public async Task<int> ImportAsync(IEnumerable<InboxItem> imported)
    {
        ArgumentNullException.ThrowIfNull(imported);
        var added = 0;
        foreach (var item in imported)
        {
            try
            {
                await CreateAsync(item);
                added++;
            }
            catch (DocumentExistsException)
            {
                // left as it is
            }
        }

        return added;
    }

    public Stored<InboxItem>? Find(string id)
    {
        lock (gate) return items.GetValueOrDefault(id);
    }

    public IReadOnlyList<Stored<InboxItem>> List()
    {
        lock (gate) return [.. items.Values.OrderBy(s => s.Document.Id, StringComparer.Ordinal)];
    }

    public int Count()
    {
        lock (gate) return items.Count;
    }

    /// <summary>Pending items whose lease (or retry delay) has run out at <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<Stored<InboxItem>> ListPending(DateTimeOffset now, int max)
    {
        lock (gate)
        {
            return [.. pending.Select(id => items[id])
                .Where(s => s.Document.LeaseUntil is null || s.Document.LeaseUntil <= now)
                .OrderBy(s => s.Document.ReceivedAt)
                .Take(max)];
        }
    }

    /// <summary>
    /// Records a new version of an item: framed outside the gate, then checked against the current version
    /// (<paramref name="check"/> throws to refuse), appended and applied under it.
    /// </summary>
    private Task<Stored<InboxItem>> WriteAsync(InboxItem item, Action<Stored<InboxItem>?>? check)
    {
        ArgumentNullException.ThrowIfNull(item);
        var stored = new Stored<InboxItem>(item, Guid.NewGuid().ToString("N"));
        var record = Frame(stored);
        lock (gate)
        {
            ThrowIfUnusable();
            check?.Invoke(items.GetValueOrDefault(item.Id));
            Append(record);
            Apply(stored);
        }

        return Task.FromResult(stored);
    }

    private void Apply(Stored<InboxItem> stored)
    {
        items[stored.Document.Id] = stored;
        if (stored.Document.State == InboxState.Pending) pending.Add(stored.Document.Id);
        else pending.Remove(stored.Document.Id);
    }

    /// <summary>What a new segment starts with: everything but finished items older than <see cref="DoneKeptFor"/> (which are forgotten).</summary>
    private List<Stored<InboxItem>> TakeSnapshot()
    {
        var forgetBefore = time.GetUtcNow() - DoneKeptFor;
        lock (gate)
        {
            var expired = items.Values
                .Where(s => s.Document.State == InboxState.Done && (s.Document.CompletedAt ?? s.Document.ReceivedAt) < forgetBefore)
                .Select(s => s.Document.Id).ToList();
            foreach (var id in expired) items.Remove(id);
            return [.. items.Values];
        }
    }
}
