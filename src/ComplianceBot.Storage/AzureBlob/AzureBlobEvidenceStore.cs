using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using ComplianceBot.Core.Filing;

namespace ComplianceBot.Storage.AzureBlob;

/// <summary>
/// Evidence content in an Azure Blob Storage container, one block blob per SHA-256 under its content address.
/// Blocks are staged while the content is hashed, and committed only when the hash matches and no blob is there
/// yet (<c>If-None-Match: *</c>), so a blob, once there, never changes; blocks of refused content are never
/// committed and the service discards them.
/// </summary>
public sealed class AzureBlobEvidenceStore(BlobContainerClient container, TimeProvider time) : IEvidenceContentStore, IEvidenceReadLinks
{
    private const int BlockSize = 4 * 1024 * 1024;

    /// <summary>Creates the (private) container when <paramref name="create"/>, otherwise checks that it exists.</summary>
    public async Task InitializeAsync(bool create, CancellationToken cancellationToken = default)
    {
        if (create) await container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        else await container.GetPropertiesAsync(cancellationToken: cancellationToken);
    }

    public async Task<string> PutAsync(Stream content, string sha256, EvidenceContentInfo info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(info);
        var key = ContentAddress.KeyFor(sha256);
        var blob = container.GetBlockBlobClient(key);

        // Block ids unique to this upload: a concurrent upload of the same key cannot mix its blocks into ours.
        var upload = Guid.NewGuid().ToString("N");
        var blocks = new List<string>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            int filled;
            do
            {
                filled = await FillAsync(content, buffer, cancellationToken);
                if (filled == 0) break;
                hash.AppendData(buffer, 0, filled);
                var blockId = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{upload}-{blocks.Count:D6}"));
                await blob.StageBlockAsync(blockId, new MemoryStream(buffer, 0, filled, writable: false), cancellationToken: cancellationToken);
                blocks.Add(blockId);
            }
            while (filled == BlockSize);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != sha256)
        {
            throw new EvidenceIntegrityException($"The content hashes to {actual}, not the {sha256} it was filed under.");
        }

        try
        {
            await blob.CommitBlockListAsync(blocks, new CommitBlockListOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = info.ContentType },
                Metadata = new Dictionary<string, string>
                {
                    ["sha256"] = sha256,
                    ["controls"] = Uri.EscapeDataString(info.ControlIds),
                    ["uploadedby"] = Uri.EscapeDataString(info.UploadedBy),
                },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            // The same content is already stored; the first copy stands.
        }

        return key;
    }

    public async Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken = default)
    {
        var sha256 = ContentAddress.Sha256Of(storageKey);
        if (sha256 is null) return null;
        try
        {
            var download = await container.GetBlobClient(storageKey).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return new HashCheckingStream(download.Value.Content, sha256);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(string storageKey, CancellationToken cancellationToken = default) =>
        ContentAddress.Sha256Of(storageKey) is not null
        && await container.GetBlobClient(storageKey).ExistsAsync(cancellationToken);

    /// <summary>
    /// A read-only SAS for one blob, signed with the account key when the store has it, otherwise with a user
    /// delegation key obtained through the store's Entra ID credential.
    /// </summary>
    public async Task<Uri?> CreateReadLinkAsync(
        string storageKey, string downloadName, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(downloadName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lifetime, IEvidenceReadLinks.MaxLifetime);
        if (!await ExistsAsync(storageKey, cancellationToken)) return null;

        var blob = container.GetBlobClient(storageKey);
        var now = time.GetUtcNow();
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, now + lifetime)
        {
            BlobContainerName = container.Name,
            BlobName = storageKey,
            Resource = "b",
            StartsOn = now.AddMinutes(-5), // tolerate clock skew between us and the service
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
            ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = downloadName, DispositionType = "attachment" }.ToString(),
        };
        if (blob.CanGenerateSasUri) return blob.GenerateSasUri(sas);

        var service = container.GetParentBlobServiceClient();
        var key = await service.GetUserDelegationKeyAsync(now.AddMinutes(-5), now + lifetime, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, service.AccountName) }.ToUri();
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < BlockSize && (read = await content.ReadAsync(buffer.AsMemory(filled, BlockSize - filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }
}
