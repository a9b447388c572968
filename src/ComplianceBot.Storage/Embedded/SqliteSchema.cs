using Microsoft.Data.Sqlite;

namespace ComplianceBot.Storage.Embedded;

/// <summary>
/// One rowid table of JSON documents with a unique (kind, id) index (bodies are too large for a WITHOUT ROWID
/// table), plus what the queries need: expression indexes on
/// attestation fields and a side table linking evidence to controls with its dates as day numbers. Version 2
/// keeps inbox items in a journal beside the file (see <see cref="InboxJournal"/>) instead. Version 3 counts the
/// writes to each kind in <c>kind_versions</c>, by triggers, for the read cache (see <see cref="SqliteReadCache"/>).
/// Version 4 marks which evidence links are approved (only approved evidence counts).
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 4;

    private const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS documents (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            etag TEXT NOT NULL,
            body TEXT NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_documents ON documents (kind, id);
        CREATE INDEX IF NOT EXISTS ix_attestation_period
            ON documents (json_extract(body, '$.period')) WHERE kind = 'attestation';
        CREATE INDEX IF NOT EXISTS ix_attestation_control
            ON documents (json_extract(body, '$.controlId')) WHERE kind = 'attestation';
        CREATE INDEX IF NOT EXISTS ix_evidence_review
            ON documents (json_extract(body, '$.review')) WHERE kind = 'evidence';
        DROP INDEX IF EXISTS ix_inbox_state;
        CREATE TABLE IF NOT EXISTS evidence_controls (
            control_id TEXT NOT NULL,
            evidence_id TEXT NOT NULL,
            effective_on INTEGER NOT NULL,
            expires_on INTEGER,
            approved INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (control_id, evidence_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_evidence_controls_evidence ON evidence_controls (evidence_id);
        CREATE TABLE IF NOT EXISTS kind_versions (
            kind TEXT NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS tr_documents_insert AFTER INSERT ON documents BEGIN
            INSERT INTO kind_versions (kind, version) VALUES (NEW.kind, 1)
            ON CONFLICT (kind) DO UPDATE SET version = version + 1;
        END;
        CREATE TRIGGER IF NOT EXISTS tr_documents_update AFTER UPDATE ON documents BEGIN
            INSERT INTO kind_versions (kind, version) VALUES (NEW.kind, 1)
            ON CONFLICT (kind) DO UPDATE SET version = version + 1;
        END;
        CREATE TRIGGER IF NOT EXISTS tr_documents_delete AFTER DELETE ON documents BEGIN
            INSERT INTO kind_versions (kind, version) VALUES (OLD.kind, 1)
            ON CONFLICT (kind) DO UPDATE SET version = version + 1;
        END;
        PRAGMA user_version = 4;
        """;

    public static void Apply(SqliteConnection connection)
    {
        using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        var current = Convert.ToInt32(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (current > Version)
        {
            throw new InvalidOperationException(
                $"The database was written by a newer ComplianceBot (schema {current}; this build knows {Version}).");
        }

        using var create = connection.CreateCommand();
        create.CommandText = Create;
        create.ExecuteNonQuery();

        // Files of schema 3 and older: their evidence was filed before review existed and counts as approved.
        using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('evidence_controls') WHERE name = 'approved';";
        if (Convert.ToInt32(columns.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            using var add = connection.CreateCommand();
            add.CommandText = "ALTER TABLE evidence_controls ADD COLUMN approved INTEGER NOT NULL DEFAULT 1;";
            add.ExecuteNonQuery();
        }
    }
}
