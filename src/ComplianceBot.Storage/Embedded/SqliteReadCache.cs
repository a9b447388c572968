using System.Collections.Concurrent;
using ComplianceBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace ComplianceBot.Storage.Embedded;

/// <summary>
/// Small documents found by point reads, kept while the database has not changed: the same person, control or
/// conversation is read turn after turn. SQLite's <c>data_version</c>, read on a connection of the cache's own,
/// changes whenever any other connection commits — this process's writer or another process — so a kept document
/// is handed out only while the file still holds it. The records are immutable, so callers share them.
/// </summary>
internal sealed class SqliteReadCache : IDisposable
{
    /// <summary>Larger documents (evidence lists, charts) are read from the file every time.</summary>
    public const int MaxBodyLength = 8 * 1024;

    private const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<(string Kind, string Id), (long Version, object Stored)> entries = new();
    private readonly SqliteConnection watcher;
    private readonly SqliteCommand dataVersion;
    private readonly Lock gate = new();

    public SqliteReadCache(SqliteConnection watcher)
    {
        this.watcher = watcher;
        dataVersion = watcher.CreateCommand();
        dataVersion.CommandText = "PRAGMA data_version;";
        dataVersion.Prepare();
    }

    /// <summary>The database's version as of now; a read that starts and ends on the same version saw no commit.</summary>
    public long Version()
    {
        lock (gate) return (long)dataVersion.ExecuteScalar()!;
    }

    public Stored<T>? Find<T>(string id, long version)
        where T : class, IDocument =>
        entries.TryGetValue((T.Kind, id), out var kept) && kept.Version == version ? (Stored<T>)kept.Stored : null;

    /// <summary>Keeps what a read found, when no commit happened between <paramref name="version"/> and now.</summary>
    public void Keep<T>(Stored<T> found, int bodyLength, long version)
        where T : class, IDocument
    {
        if (bodyLength > MaxBodyLength || Version() != version) return;
        if (entries.Count >= MaxEntries) entries.Clear();
        entries[(T.Kind, found.Document.Id)] = (version, found);
    }

    public void Dispose()
    {
        lock (gate)
        {
            dataVersion.Dispose();
            watcher.Dispose();
        }
    }
}
