using System.Runtime.CompilerServices;
using System.Text.Json;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace ComplianceBot.Storage.Embedded;

/// <summary>
/// The embedded store: a single SQLite file in WAL mode. Each call opens a pooled connection, so the store is
/// safe to share; SQLite serialises writers and makes waiting writers retry until the command timeout.
/// </summary>
public sealed partial class SqliteComplianceStore : IComplianceStore, IDisposable
{
    // Transactions of a few thousand rows keep the WAL and the page cache small during large imports.
    private const int ImportBatchSize = 5000;

    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = [];
    private static readonly object Marker = new();

    private readonly string connectionString;
    private readonly VersionTags tags = new();

    // One writer inside this process, committing queued writes together: SQLite serialises writers anyway, and
    // a writer waiting in the driver retries by sleeping, which under load costs far more than queueing here.
    private readonly SqliteGroupCommit writes;

    /// <param name="databasePath">The database file.</param>
    public SqliteComplianceStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        writes = new SqliteGroupCommit(Open);
        try
        {
            _ = Recent;
        }
        catch (SqliteException)
        {
            // The file cannot be opened or written now (a full disk, say): every call tries again, and fails
            // with SQLite's error, until it can; the host starts and says it is not ready meanwhile.
        }
    }

    public async Task<Stored<T>?> FindAsync<T>(string id, CancellationToken cancellationToken = default)
        where T : class, IDocument
    {
        var cache = Recent;
        var version = cache.Version(T.Kind);
        var (kept, current) = cache.Find<T>(id, version);
        if (current) return kept;

        // The body comes back only when the document changed since it was kept.
        await using var connection = Open();
        await using var command = Command(connection, """
            SELECT etag, CASE WHEN etag = $known THEN NULL ELSE body END FROM documents WHERE kind = $kind AND id = $id;
            """, ("$kind", T.Kind), ("$id", id), ("$known", kept?.ETag ?? ""));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        if (kept is not null && reader.IsDBNull(1))
        {
            cache.Keep(kept, 0, version);
            return kept;
        }

        var body = reader.GetString(1);
        var found = new Stored<T>(JsonSerializer.Deserialize<T>(body, ComplianceJson.Options)!, reader.GetString(0));
        cache.Keep(found, body.Length, version);
        return found;
    }

    public Task<Stored<T>> CreateAsync<T>(T document, CancellationToken cancellationToken = default)
        where T : class, IDocument =>
        WriteAsync(document, """
            INSERT INTO documents (kind, id, etag, body) VALUES ($kind, $id, $etag, $body)
            ON CONFLICT (kind, id) DO NOTHING;
            """, null, _ => new DocumentExistsException(T.Kind, document.Id), cancellationToken);

    public async Task<Stored<T>> ReplaceAsync<T>(T document, string ifMatch, CancellationToken cancellationToken = default)
        where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(document);
        return await WriteAsync(document, """
            UPDATE documents SET etag = $etag, body = $body WHERE kind = $kind AND id = $id AND etag = $ifMatch;
            """, ifMatch, exists => exists
            ? new ConcurrencyConflictException(T.Kind, document.Id)
            : new DocumentNotFoundException(T.Kind, document.Id), cancellationToken);
    }

    public Task<Stored<T>> UpsertAsync<T>(T document, CancellationToken cancellationToken = default)
        where T : class, IDocument =>
        WriteAsync(document, """
            INSERT INTO documents (kind, id, etag, body) VALUES ($kind, $id, $etag, $body)
            ON CONFLICT (kind, id) DO UPDATE SET etag = excluded.etag, body = excluded.body;
            """, null, _ => new InvalidOperationException("An upsert always writes."), cancellationToken);

    public async Task<int> ImportAsync<T>(IEnumerable<T> documents, CancellationToken cancellationToken = default)
        where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(documents);
        var created = 0;
        foreach (var chunk in documents.Chunk(ImportBatchSize))
        {
            created += await ImportChunkAsync(chunk, cancellationToken);
        }

        return created;
    }

    private Task<int> ImportChunkAsync<T>(T[] documents, CancellationToken cancellationToken)
        where T : class, IDocument =>
        writes.WriteAsync((connection, transaction) => ImportChunkAsync(documents, connection, transaction, cancellationToken), singleStatement: false, cancellationToken);

    private async Task<int> ImportChunkAsync<T>(
        T[] documents, SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
        where T : class, IDocument
    {
        await using var insert = Command(connection, """
            INSERT INTO documents (kind, id, etag, body) VALUES ($kind, $id, $etag, $body)
            ON CONFLICT (kind, id) DO NOTHING;
            """, ("$kind", T.Kind), ("$id", ""), ("$etag", ""), ("$body", ""));
        insert.Transaction = transaction;
        var created = 0;
        foreach (var document in documents)
        {
            insert.Parameters["$id"].Value = document.Id;
            insert.Parameters["$etag"].Value = tags.Next();
            insert.Parameters["$body"].Value = JsonSerializer.Serialize(document, ComplianceJson.Options);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0) continue;
            created++;
            if (document is Evidence evidence) await IndexAsync(evidence, replacing: false, connection, transaction, cancellationToken);
        }

        return created;
    }

    public async Task<IReadOnlyList<Stored<T>>> ListAsync<T>(CancellationToken cancellationToken = default)
        where T : class, IDocument
    {
        var cache = Recent;
        var version = cache.Version(T.Kind);
        var (kept, current) = cache.List<T>(version);
        if (current) return kept!.All;

        // Only the documents whose ETag changed since the kind was last listed are read in full and parsed again.
        await using var connection = Open();
        await using var command = Command(connection, "SELECT id, etag, body FROM documents WHERE kind = $kind ORDER BY id;", ("$kind", T.Kind));
        var walk = kept?.Walk();
        var all = await ReadAllAsync(command, reader =>
            walk?.Unchanged(reader.GetString(0), reader.GetString(1))
            ?? new Stored<T>(JsonSerializer.Deserialize<T>(reader.GetString(2), ComplianceJson.Options)!, reader.GetString(1)), cancellationToken);
        cache.KeepList(all, version);
        return all;
    }

    public async Task<int> CountAsync<T>(CancellationToken cancellationToken = default)
        where T : class, IDocument
    {
        await using var connection = Open();
        await using var command = Command(connection, "SELECT COUNT(*) FROM documents WHERE kind = $kind;", ("$kind", T.Kind));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async IAsyncEnumerable<T> StreamAsync<T>(string sql, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, IDocument
    {
        await using var connection = Open();
        await using var command = Command(connection, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read<T>(reader).Document;
        }
    }

    private Task<Stored<T>> WriteAsync<T>(
        T document, string sql, string? ifMatch, Func<bool, Exception> whenNothingWritten, CancellationToken cancellationToken)
        where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(document);
        var body = JsonSerializer.Serialize(document, ComplianceJson.Options);
        return writes.WriteAsync(
            (connection, transaction) => WriteAsync(document, body, tags.Next(), sql, ifMatch, whenNothingWritten, connection, transaction, cancellationToken),
            singleStatement: document is not Evidence, // evidence also rewrites its control links
            cancellationToken);
    }

    private static async Task<Stored<T>> WriteAsync<T>(
        T document, string body, string etag, string sql, string? ifMatch, Func<bool, Exception> whenNothingWritten,
        SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
        where T : class, IDocument
    {
        await using var command = Command(connection, sql,
            ("$kind", T.Kind), ("$id", document.Id), ("$etag", etag),
            ("$body", body), ("$ifMatch", ifMatch ?? ""));
        command.Transaction = transaction;
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            // Nothing written: say why, from inside the same transaction.
            await using var probe = Command(connection, "SELECT 1 FROM documents WHERE kind = $kind AND id = $id;", ("$kind", T.Kind), ("$id", document.Id));
            probe.Transaction = transaction;
            throw whenNothingWritten(await probe.ExecuteScalarAsync(cancellationToken) is not null);
        }

        if (document is Evidence evidence) await IndexAsync(evidence, replacing: true, connection, transaction, cancellationToken);
        return new Stored<T>(document, etag);
    }

    private static async Task IndexAsync(
        Evidence evidence, bool replacing, SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        if (replacing)
        {
            await using var clear = Command(connection, "DELETE FROM evidence_controls WHERE evidence_id = $id;", ("$id", evidence.Id));
            clear.Transaction = transaction;
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var controlId in evidence.ControlIds.Distinct(StringComparer.Ordinal))
        {
            await using var link = Command(connection, """
                INSERT INTO evidence_controls (control_id, evidence_id, effective_on, expires_on, approved)
                VALUES ($control, $id, $effective, $expires, $approved);
                """,
                ("$control", controlId), ("$id", evidence.Id), ("$effective", evidence.EffectiveOn.DayNumber),
                ("$expires", evidence.ExpiresOn?.DayNumber), ("$approved", evidence.Review == EvidenceReview.Approved ? 1 : 0));
            link.Transaction = transaction;
            await link.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();

        // Settings belong to the native connection, which the pool hands out again: set them once per connection.
        if (Configured.TryAdd(connection.Handle!, Marker))
        {
            using var pragma = connection.CreateCommand();

            // In WAL mode NORMAL still never corrupts the file; only the last commits can roll back on power loss.
            // Reads map the file instead of copying pages through system calls, and the log is copied back into
            // the file every 4,000 pages (16 MB) rather than every 1,000: a page written again and again between
            // two checkpoints is copied back once.
            pragma.CommandText = """
                PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456;
                PRAGMA wal_autocheckpoint = 4000;
                """;
            pragma.ExecuteNonQuery();
        }

        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static Stored<T> Read<T>(SqliteDataReader reader)
        where T : class, IDocument =>
        new(JsonSerializer.Deserialize<T>(reader.GetString(1), ComplianceJson.Options)!, reader.GetString(0));

    private static async Task<IReadOnlyList<TResult>> ReadAllAsync<TResult>(
        SqliteCommand command, Func<SqliteDataReader, TResult> map, CancellationToken cancellationToken)
    {
        var results = new List<TResult>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(map(reader));
        }

        return results;
    }

    public void Dispose()
    {
        writes.Dispose();
        recent?.Dispose();
    }
}
