using ComplianceBot.Core.Records;

namespace ComplianceBot.Storage.Embedded;

/// <summary>Where the embedded store keeps inbox items: a journal beside the database file (see <see cref="InboxJournal"/>).</summary>
public sealed partial class SqliteComplianceStore
{
    private readonly string inboxFolder;
    private readonly TimeProvider time;
    private readonly Lock inboxGate = new();
    private InboxJournal? inbox;
    private bool disposed;

    /// <summary>Inbox items live in their own journal, not in the documents table (see <see cref="InboxJournal"/>).</summary>
    private static bool IsInbox<T>() => typeof(T) == typeof(InboxItem);

    /// <summary>The inbox journal, opened at first use (a failed open is tried again by the next call).</summary>
    private InboxJournal Inbox
    {
        get
        {
            if (Volatile.Read(ref inbox) is { } open) return open;
            lock (inboxGate)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                return inbox ??= OpenInbox();
            }
        }
    }

    /// <summary>Opens the inbox journal; inbox items an earlier version kept in the database move into it once.</summary>
    private InboxJournal OpenInbox()
    {
        var journal = InboxJournal.Open(inboxFolder, time);
        try
        {
            MoveEarlierInboxItems(journal);
            return journal;
        }
        catch
        {
            journal.Dispose();
            throw;
        }
    }

    private void MoveEarlierInboxItems(InboxJournal journal)
    {
        using var connection = Open();
        using var read = Command(connection, "SELECT etag, body FROM documents WHERE kind = 'inbox';");
        var earlier = new List<InboxItem>();
        using (var reader = read.ExecuteReader())
        {
            while (reader.Read()) earlier.Add(Read<InboxItem>(reader).Document);
        }

        if (earlier.Count == 0) return;
        journal.ImportAsync(earlier).GetAwaiter().GetResult(); // completes at once: the journal appends synchronously
        using var delete = Command(connection, "DELETE FROM documents WHERE kind = 'inbox';");
        delete.ExecuteNonQuery();
    }
}
