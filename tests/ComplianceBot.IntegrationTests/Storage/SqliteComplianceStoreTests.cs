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
}
