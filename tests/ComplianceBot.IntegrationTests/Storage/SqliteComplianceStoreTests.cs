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
}
