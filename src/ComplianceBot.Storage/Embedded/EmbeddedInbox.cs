using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Storage.Embedded;

/// <summary>
/// The inbox seam on this machine's disk: a journal in a folder of its own (beside the embedded database by
/// default; see <see cref="InboxJournal"/> for the format and its promises). The journal opens at first use; an
/// open that fails (a full or unwritable disk) is tried again by the next call, and any call that cannot write
/// throws <see cref="InboxUnavailableException"/> without taking the process down. Safe for concurrent use.
/// </summary>
public sealed class EmbeddedInbox(string folder, TimeProvider time) : IInbox, IDisposable
{
    private readonly Lock gate = new();
    private InboxJournal? journal;
    private bool disposed;

    public string Folder { get; } = Path.GetFullPath(folder);

    public Task<Stored<InboxItem>?> AcceptAsync(InboxItem item, CancellationToken cancellationToken = default) =>
        Task.FromResult(Journal.Create(item));

    public Task<Stored<InboxItem>?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Journal.Find(id));

    public Task<IReadOnlyList<Stored<InboxItem>>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult(Journal.ListDue(now, max));

    public Task<IReadOnlyList<Stored<InboxItem>>> ListAsync(InboxState state, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult(Journal.List(state, max));

    public Task<Stored<InboxItem>> LeaseAsync(Stored<InboxItem> item, DateTimeOffset until, bool newAttempt, CancellationToken cancellationToken = default) =>
        Task.FromResult(Journal.Replace(item.Document.Leased(until, newAttempt), item.ETag));

    public Task<Stored<InboxItem>> CompleteAsync(Stored<InboxItem> item, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Task.FromResult(Journal.Replace(item.Document.Completed(at), item.ETag));

    public Task<Stored<InboxItem>> FailAsync(Stored<InboxItem> item, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken = default) =>
        Task.FromResult(Journal.Replace(item.Document.Failed(reason, retryAt), item.ETag));

    public Task<int> ImportAsync(IEnumerable<InboxItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var open = Journal;
        return Task.FromResult(items.Count(item => open.Create(item) is not null));
    }

    public Task<InboxStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        InboxJournal open;
        try
        {
            open = Journal;
        }
        catch (InboxUnavailableException ex)
        {
            return Task.FromResult(new InboxStatus(false, ex.Message, 0, 0, null));
        }

        var (pending, failed, oldest) = open.Measure();
        var problem = open.Problem();
        return Task.FromResult(new InboxStatus(problem is null, problem, pending, failed, oldest));
    }

    private InboxJournal Journal
    {
        get
        {
            if (Volatile.Read(ref journal) is { } open) return open;
            lock (gate)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                if (journal is not null) return journal;
                try
                {
                    return journal = InboxJournal.Open(Folder, time);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new InboxUnavailableException($"The inbox journal in '{Folder}' cannot be opened: {ex.Message}", ex);
                }
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            journal?.Dispose();
        }
    }
}
