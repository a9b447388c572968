namespace ComplianceBot.Core.Filing;

/// <summary>
/// The evidence content seam: write-once blobs addressed by SHA-256. Putting content that is already there is
/// not an error (the same file handed in twice is stored once); changing stored content is impossible.
/// A local folder is the default; Azure Blob Storage implements the same contract.
/// </summary>
public interface IEvidenceContentStore
{
    /// <summary>Stores <paramref name="content"/>, which must hash to <paramref name="sha256"/>.</summary>
    /// <returns>The storage key.</returns>
    /// <exception cref="EvidenceIntegrityException">The content does not hash to <paramref name="sha256"/>.</exception>
    Task<string> PutAsync(Stream content, string sha256, EvidenceContentInfo info, CancellationToken cancellationToken = default);

    /// <summary>Opens stored content; the returned stream throws <see cref="EvidenceIntegrityException"/> at its end
    /// if what was read does not hash to the key's SHA-256.</summary>
    Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string storageKey, CancellationToken cancellationToken = default);
}

/// <summary>Descriptive metadata kept beside the content where the backing store supports it.</summary>
public sealed record EvidenceContentInfo(string ContentType, string ControlIds, string UploadedBy);

public sealed class EvidenceIntegrityException(string message) : Exception(message);
