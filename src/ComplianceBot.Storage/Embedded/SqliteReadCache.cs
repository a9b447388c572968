using System.Collections.Concurrent;
using ComplianceBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace ComplianceBot.Storage.Embedded;

/// <summary>
/// Documents read from the file, kept so that they are not parsed again: the same person, control or conversation
/// is read turn after turn, and status and tasks list the controls and the people on every request. Every write
/// to a document bumps its kind's counter in <c>kind_versions</c> (a trigger, in the same transaction). SQLite's
/// <c>data_version</c>, read on a connection of the cache's own, changes whenever any other connection commits —
/// this process's writer or another process — and only then are the counters read again. While a kind's counter
/// stands, what was kept of it is handed out as it is; once it moved, the store compares ETags (each write gets a
/// new one) and parses only the documents that changed. The records are immutable, so callers share them.
/// </summary>
internal sealed class SqliteReadCache : IDisposable
{
    /// <summary>Larger documents (evidence lists, charts) are read from the file every time.</summary>
    public const int MaxBodyLength = 8 * 1024;

    /// <summary>A kind is kept whole when it has no more documents than this (the people of a large organisation).</summary>
    public const int MaxListCount = 50_000;

    private const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<(string Kind, string Id), (long Version, object Stored)> entries = new();
    private readonly ConcurrentDictionary<string, (long Version, object List)> lists = new(StringComparer.Ordinal);
    private readonly SqliteConnection watcher;
    private readonly SqliteCommand dataVersion;
    private readonly SqliteCommand kindVersions;
    private readonly Lock gate = new();
    private long seenDataVersion = -1;
    private Dictionary<string, long> versions = new(StringComparer.Ordinal);

    public SqliteReadCache(SqliteConnection watcher)
    {
        this.watcher = watcher;
        dataVersion = watcher.CreateCommand();
        dataVersion.CommandText = "PRAGMA data_version;";
        dataVersion.Prepare();
        kindVersions = watcher.CreateCommand();
        kindVersions.CommandText = "SELECT kind, version FROM kind_versions;";
        kindVersions.Prepare();
    }

    /// <summary>
    /// The counter of <paramref name="kind"/> as of now. A read that starts after taking it sees at least that
    /// version, so what it finds may be kept under it (at worst it is newer, and is checked again next time).
    /// </summary>
    public long Version(string kind)
    {
        lock (gate)
        {
            var current = (long)dataVersion.ExecuteScalar()!;
            if (current != seenDataVersion)
            {
                var fresh = new Dictionary<string, long>(versions.Count, StringComparer.Ordinal);
                using (var reader = kindVersions.ExecuteReader())
                {
                    while (reader.Read()) fresh[reader.GetString(0)] = reader.GetInt64(1);
                }

                versions = fresh;
                seenDataVersion = current;
            }

            return versions.GetValueOrDefault(kind);
        }
    }

    /// <summary>What was kept of a document, and whether it is known to be current at <paramref name="version"/>.</summary>
    public (Stored<T>? Kept, bool Current) Find<T>(string id, long version)
        where T : class, IDocument =>
        entries.TryGetValue((T.Kind, id), out var kept) ? ((Stored<T>)kept.Stored, kept.Version == version) : (null, false);

    /// <summary>Keeps what a point read found (or confirmed) under the version taken before it.</summary>
    public void Keep<T>(Stored<T> found, int bodyLength, long version)
        where T : class, IDocument
    {
        if (bodyLength > MaxBodyLength) return;
        if (entries.Count >= MaxEntries) entries.Clear();
        entries[(T.Kind, found.Document.Id)] = (version, found);
    }

    /// <summary>What was kept of a whole kind, and whether it is known to be current at <paramref name="version"/>.</summary>
    public (KeptList<T>? Kept, bool Current) List<T>(long version)
        where T : class, IDocument =>
        lists.TryGetValue(T.Kind, out var kept) ? ((KeptList<T>)kept.List, kept.Version == version) : (null, false);

    /// <summary>Keeps every document of a kind, as listed under the version taken before the query.</summary>
    public void KeepList<T>(IReadOnlyList<Stored<T>> all, long version)
        where T : class, IDocument
    {
        if (all.Count > MaxListCount) lists.TryRemove(T.Kind, out _);
        else lists[T.Kind] = (version, new KeptList<T>(all));
    }

    public void Dispose()
    {
        lock (gate)
        {
            kindVersions.Dispose();
            dataVersion.Dispose();
            watcher.Dispose();
        }
    }
}

/// <summary>Every document of a kind as listed, in id order.</summary>
internal sealed class KeptList<T>(IReadOnlyList<Stored<T>> all)
    where T : class, IDocument
{
    public IReadOnlyList<Stored<T>> All { get; } = all;

    /// <summary>Walks the kept list beside a new listing in the same (ordinal id) order, handing back what did not change.</summary>
    public Merge Walk() => new(All);

    internal sealed class Merge(IReadOnlyList<Stored<T>> kept)
    {
        private int next;

        /// <summary>The kept document with this id when its ETag is still <paramref name="etag"/>; ids must come in ascending order.</summary>
        public Stored<T>? Unchanged(string id, string etag)
        {
            while (next < kept.Count && string.CompareOrdinal(kept[next].Document.Id, id) < 0) next++;
            return next < kept.Count && kept[next].Document.Id == id && kept[next].ETag == etag ? kept[next] : null;
        }
    }
}
