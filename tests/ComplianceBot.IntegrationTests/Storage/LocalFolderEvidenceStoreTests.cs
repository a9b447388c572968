using ComplianceBot.Core.Filing;
using ComplianceBot.Storage.LocalFolder;

namespace ComplianceBot.IntegrationTests.Storage;

public sealed class LocalFolderEvidenceStoreTests : EvidenceContentContract, IDisposable
{
    private readonly TempFolder folder = new();

    protected override Task<IEvidenceContentStore> CreateStoreAsync() =>
        Task.FromResult<IEvidenceContentStore>(new LocalFolderEvidenceStore(folder.Path));

    protected override async Task TamperAsync(string storageKey, byte[] content)
    {
        var path = Path.Combine(folder.Path, storageKey);
        File.SetAttributes(path, FileAttributes.Normal);
        await File.WriteAllBytesAsync(path, content);
    }

    public void Dispose() => folder.Dispose();
}
