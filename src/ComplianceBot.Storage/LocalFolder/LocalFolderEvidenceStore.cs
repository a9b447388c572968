using System.Security.Cryptography;
using ComplianceBot.Core.Filing;

namespace ComplianceBot.Storage.LocalFolder;

/// <summary>
/// Evidence content in a local folder, one read-only file per SHA-256. New content is written to a
/// temporary file and moved into place without overwriting, so a file, once there, never changes.
/// </summary>
public sealed class LocalFolderEvidenceStore : IEvidenceContentStore
{
    private readonly string root;

    public LocalFolderEvidenceStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        this.root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(this.root, ".incoming"));
    }

    public async Task<string> PutAsync(Stream content, string sha256, EvidenceContentInfo info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var key = ContentAddress.KeyFor(sha256);
        var target = PathOf(key);
        var incoming = Path.Combine(root, ".incoming", Guid.NewGuid().ToString("N"));
        try
        {
            string actual;
            await using (var file = new FileStream(incoming, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
                actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            if (actual != sha256)
            {
                throw new EvidenceIntegrityException($"The content hashes to {actual}, not the {sha256} it was filed under.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (!File.Exists(target))
            {
                try
                {
                    File.Move(incoming, target, overwrite: false);
                    File.SetAttributes(target, FileAttributes.ReadOnly);
                }
                catch (IOException) when (File.Exists(target))
                {
                    // The same content arrived concurrently; the first copy stands.
                }
            }

            return key;
        }
        finally
        {
            File.Delete(incoming);
        }
    }

    public Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken = default)
    {
        var sha256 = ContentAddress.Sha256Of(storageKey);
        if (sha256 is null || !File.Exists(PathOf(storageKey))) return Task.FromResult<Stream?>(null);
        var file = new FileStream(PathOf(storageKey), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        return Task.FromResult<Stream?>(new HashCheckingStream(file, sha256));
    }

    public Task<bool> ExistsAsync(string storageKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(ContentAddress.Sha256Of(storageKey) is not null && File.Exists(PathOf(storageKey)));

    private string PathOf(string key) => Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar));
}
