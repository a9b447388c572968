using Microsoft.Data.Sqlite;

namespace ComplianceBot.Storage.Embedded;

/// <summary>
/// Opening the database: the first call applies the schema and starts the read cache; until that has worked (a
/// full disk at start, say) every call tries it again and fails with SQLite's error.
/// </summary>
public sealed partial class SqliteComplianceStore
{
    private readonly Lock opening = new();
    private SqliteReadCache? recent;

    /// <summary>The read cache, there once the database has been opened and its schema applied (tried again by each call until then).</summary>
    private SqliteReadCache Recent => Volatile.Read(ref recent) ?? OpenFirst();

    private SqliteReadCache OpenFirst()
    {
        lock (opening)
        {
            if (recent is not null) return recent;
            using (var connection = OpenConnection()) SqliteSchema.Apply(connection);
            return recent = new SqliteReadCache(OpenConnection());
        }
    }

    /// <summary>A pooled connection, once the database is open.</summary>
    private SqliteConnection Open()
    {
        _ = Recent;
        return OpenConnection();
    }
}
