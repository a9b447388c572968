using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Storage.Embedded;

/// <summary>
/// The embedded store's inbox: every change to an inbox item is appended to a journal in a folder beside the
/// database, and the current state of every item is kept in memory. An accepted event costs one small append,
/// written together with whatever else arrived meanwhile, instead of rewriting B-tree pages of the database.
/// <para>
/// Accepting waits until its record is written (the same promise as a database commit: it survives the process,
/// not a power cut). Later changes (a lease, "done") are written with the next write, a few milliseconds later at
/// most; if the process dies in between, the event is simply processed again — the same as dying a moment before.
/// Writes fail-stop: after a write error every call fails until the process restarts and replays the journal.
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

    /// <summary>Adds a new item; returns once its record is written.</summary>
    public Task<Stored<InboxItem>> CreateAsync(InboxItem item)
    {
        var (stored, record) = Prepare(item);
        Pending write;
        lock (gate)
        {
            ThrowIfUnusable();
            if (items.ContainsKey(item.Id)) throw new DocumentExistsException(InboxItem.Kind, item.Id);
            Apply(stored);
            write = Append(record, waitForWrite: true);
        }

        return Finish(write, stored);
    }

    /// <summary>Changes an item if it is still as <paramref name="ifMatch"/> says; written with the next write.</summary>
    public Task<Stored<InboxItem>> ReplaceAsync(InboxItem item, string ifMatch)
    {
        var (stored, record) = Prepare(item);
        Pending write;
        lock (gate)
        {
            ThrowIfUnusable();
            if (!items.TryGetValue(item.Id, out var current)) throw new DocumentNotFoundException(InboxItem.Kind, item.Id);
            if (current.ETag != ifMatch) throw new ConcurrencyConflictException(InboxItem.Kind, item.Id);
            Apply(stored);
            write = Append(record, waitForWrite: false);
        }

        return Finish(write, stored);
    }

    public Task<Stored<InboxItem>> UpsertAsync(InboxItem item)
    {
        var (stored, record) = Prepare(item);
        Pending write;
        lock (gate)
        {
            ThrowIfUnusable();
            Apply(stored);
            write = Append(record, waitForWrite: true);
        }

        return Finish(write, stored);
    }

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

    private static (Stored<InboxItem> Stored, byte[] Record) Prepare(InboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var stored = new Stored<InboxItem>(item, Guid.NewGuid().ToString("N"));
        return (stored, Serialize(stored));
    }

    private void Apply(Stored<InboxItem> stored)
    {
        items[stored.Document.Id] = stored;
        if (stored.Document.State == InboxState.Pending) pending.Add(stored.Document.Id);
        else pending.Remove(stored.Document.Id);
    }

    /// <summary>Writes what is queued when this call leads, else waits for the leader's write when asked to.</summary>
    private Task<Stored<InboxItem>> Finish(Pending write, Stored<InboxItem> stored)
    {
        if (write.Leads) WriteQueued();
        return write.Written is { IsCompletedSuccessfully: false } wait ? AfterAsync(wait, stored) : Task.FromResult(stored);
    }

    private static async Task<Stored<InboxItem>> AfterAsync(Task written, Stored<InboxItem> stored)
    {
        await written;
        return stored;
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
