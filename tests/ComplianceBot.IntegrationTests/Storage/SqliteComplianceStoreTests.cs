using ComplianceBot.Core.Storage;
using ComplianceBot.Storage.Embedded;

namespace ComplianceBot.IntegrationTests.Storage;

public sealed class SqliteComplianceStoreTests : ComplianceStoreContract, IDisposable
{
    private readonly TempFolder folder = new();

    protected override Task<IComplianceStore> CreateStoreAsync() =>
        Task.FromResult<IComplianceStore>(new SqliteComplianceStore(Path.Combine(folder.Path, "store.db")));

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Data_survives_reopening_the_file()
    {
        var path = Path.Combine(folder.Path, "reopen.db");
        await new SqliteComplianceStore(path).CreateAsync(new Core.Records.Counter { Id = "c", Value = 7 });
        Assert.Equal(7, (await new SqliteComplianceStore(path).FindAsync<Core.Records.Counter>("c"))!.Document.Value);
    }

    [Fact]
    public async Task A_document_kept_from_a_read_is_not_served_after_another_connection_changed_it()
    {
        var path = Path.Combine(folder.Path, "two.db");
        using var reader = new SqliteComplianceStore(path);
        using var writer = new SqliteComplianceStore(path);
        await writer.CreateAsync(new Core.Records.Counter { Id = "c", Value = 1 });
        Assert.Equal(1, (await reader.FindAsync<Core.Records.Counter>("c"))!.Document.Value);
        Assert.Equal(1, (await reader.FindAsync<Core.Records.Counter>("c"))!.Document.Value); // now kept

        await writer.UpsertAsync(new Core.Records.Counter { Id = "c", Value = 2 });
        Assert.Equal(2, (await reader.FindAsync<Core.Records.Counter>("c"))!.Document.Value);
    }

    [Fact]
    public async Task Point_reads_racing_writes_never_see_a_version_older_than_the_last_finished_write()
    {
        // Point reads are kept between writes; a read that overlaps a write must not keep (or return) the old version.
        using var store = new SqliteComplianceStore(Path.Combine(folder.Path, "race.db"));
        await store.CreateAsync(new Core.Records.Counter { Id = "c", Value = 0 });
        var finished = 0;
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var (stale, reads) = (0, 0);
            while (!stop.IsCancellationRequested)
            {
                var floor = Volatile.Read(ref finished);
                if ((await store.FindAsync<Core.Records.Counter>("c"))!.Document.Value < floor) stale++;
                reads++;
            }

            return (stale, reads);
        })).ToList();

        for (var i = 1; i <= 300; i++)
        {
            var value = i;
            await store.UpdateAsync<Core.Records.Counter>("c", c => c with { Value = value });
            Volatile.Write(ref finished, value);
        }

        await stop.CancelAsync();
        var results = await Task.WhenAll(readers);
        Assert.All(results, r => Assert.Equal(0, r.stale));
        Assert.True(results.Sum(r => r.reads) > 300);
        Assert.Equal(300, (await store.FindAsync<Core.Records.Counter>("c"))!.Document.Value);
    }

    [Fact]
    public async Task A_kept_list_follows_changes_made_through_another_connection_and_reparses_only_what_changed()
    {
        var path = Path.Combine(folder.Path, "lists.db");
        using var reader = new SqliteComplianceStore(path);
        using var writer = new SqliteComplianceStore(path);
        for (var i = 0; i < 5; i++) await writer.CreateAsync(new Core.Records.Counter { Id = $"c{i}", Value = i });
        var first = await reader.ListAsync<Core.Records.Counter>();
        Assert.Same(first, await reader.ListAsync<Core.Records.Counter>()); // kept while nothing of the kind changed

        await writer.CreateAsync(new Core.Records.Person { Id = "p", Email = "p@example.com", DisplayName = "P" });
        Assert.Same(first, await reader.ListAsync<Core.Records.Counter>()); // another kind changed

        await writer.UpsertAsync(new Core.Records.Counter { Id = "c2", Value = 20 });
        await writer.CreateAsync(new Core.Records.Counter { Id = "c5", Value = 5 });
        var second = await reader.ListAsync<Core.Records.Counter>();
        Assert.Equal([0, 1, 20, 3, 4, 5], second.Select(c => c.Document.Value));
        Assert.Same(first[0], second[0]); // unchanged: not parsed again
        Assert.NotSame(first[2], second[2]);
        Assert.Equal((await writer.FindAsync<Core.Records.Counter>("c2"))!.ETag, second[2].ETag);
    }

    [Fact]
    public async Task A_kept_document_is_confirmed_by_its_etag_after_another_document_of_its_kind_changed()
    {
        var path = Path.Combine(folder.Path, "confirm.db");
        using var reader = new SqliteComplianceStore(path);
        using var writer = new SqliteComplianceStore(path);
        await writer.CreateAsync(new Core.Records.Counter { Id = "a", Value = 1 });
        await writer.CreateAsync(new Core.Records.Counter { Id = "b", Value = 1 });
        var kept = await reader.FindAsync<Core.Records.Counter>("a");

        await writer.UpsertAsync(new Core.Records.Counter { Id = "b", Value = 2 });
        Assert.Same(kept, await reader.FindAsync<Core.Records.Counter>("a"));
        Assert.Equal(2, (await reader.FindAsync<Core.Records.Counter>("b"))!.Document.Value);

        await writer.UpsertAsync(new Core.Records.Counter { Id = "a", Value = 3 });
        Assert.Equal(3, (await reader.FindAsync<Core.Records.Counter>("a"))!.Document.Value);
    }

    [Fact]
    public async Task EvidenceReview_evidence_filed_before_reviews_existed_still_counts_after_the_upgrade()
    {
        var path = Path.Combine(folder.Path, "v3.db");
        WriteOlderFile(path, """
                CREATE TABLE documents (kind TEXT NOT NULL, id TEXT NOT NULL, etag TEXT NOT NULL, body TEXT NOT NULL);
                CREATE UNIQUE INDEX ux_documents ON documents (kind, id);
                CREATE TABLE evidence_controls (control_id TEXT NOT NULL, evidence_id TEXT NOT NULL, effective_on INTEGER NOT NULL,
                    expires_on INTEGER, PRIMARY KEY (control_id, evidence_id)) WITHOUT ROWID;
                INSERT INTO documents VALUES ('evidence', 'EV-OLD', 'e1', '{"id":"EV-OLD","controlIds":["AC-01"],"fileName":"old.pdf","sizeBytes":1,"contentType":"application/pdf","sha256":"aa","storageKey":"k","effectiveOn":"2026-09-01","uploadedAt":"2026-09-02T00:00:00+00:00","uploadedBy":"olive@example.com"}');
                INSERT INTO evidence_controls VALUES ('AC-01', 'EV-OLD', 739859, NULL); -- 2026-09-01 as a day number
                PRAGMA user_version = 3;
                """);

        using var store = new SqliteComplianceStore(path);
        Assert.Equal(Core.Records.EvidenceReview.Approved, (await store.FindAsync<Core.Records.Evidence>("EV-OLD"))!.Document.Review);
        Assert.Single(await store.ListEvidenceFreshnessAsync(new DateOnly(2026, 11, 20)));
        Assert.Empty(await store.ListEvidenceAwaitingReviewAsync());
    }

    [Fact]
    public async Task A_database_of_schema_version_2_gains_the_kind_counters_and_keeps_its_documents()
    {
        var path = Path.Combine(folder.Path, "v2.db");
        WriteOlderFile(path, """
                CREATE TABLE documents (kind TEXT NOT NULL, id TEXT NOT NULL, etag TEXT NOT NULL, body TEXT NOT NULL);
                CREATE UNIQUE INDEX ux_documents ON documents (kind, id);
                INSERT INTO documents VALUES ('counter', 'old', 'e1', '{"id":"old","value":41}');
                PRAGMA user_version = 2;
                """);

        using var store = new SqliteComplianceStore(path);
        Assert.Equal(41, (await store.FindAsync<Core.Records.Counter>("old"))!.Document.Value);
        Assert.Single(await store.ListAsync<Core.Records.Counter>());
        await store.UpdateAsync<Core.Records.Counter>("old", c => c with { Value = 42 });
        Assert.Equal(42, (await store.ListAsync<Core.Records.Counter>()).Single().Document.Value);
    }

    /// <summary>A database file as an older ComplianceBot left it (its schema and rows written by hand).</summary>
    private static void WriteOlderFile(string path, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = sql;
        create.ExecuteNonQuery();
    }
}
