namespace ComplianceBot.Core.Filing;

/// <summary>
/// What an evidence content store can offer besides the seam: a short-lived, read-only link to stored content,
/// so that an authorised download goes straight to storage instead of through the bot. Optional: callers check
/// whether the store implements it and stream the content themselves when it does not.
/// </summary>
public interface IEvidenceReadLinks
{
    /// <summary>The longest a link may live.</summary>
    static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    /// <param name="downloadName">The file name the browser saves the download as.</param>
    /// <returns>The link, or null when nothing is stored under <paramref name="storageKey"/>.</returns>
    Task<Uri?> CreateReadLinkAsync(string storageKey, string downloadName, TimeSpan lifetime, CancellationToken cancellationToken = default);
}
