using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Storage;

/// <summary>
/// The store seam: documents with ETags and optimistic concurrency, plus the few queries the coverage engine,
/// the reports and the jobs need. The embedded SQLite store is the default; Cosmos DB implements the same
/// contract. Implementations must be safe for concurrent use.
/// </summary>
public interface IComplianceStore
{
    Task<Stored<T>?> FindAsync<T>(string id, CancellationToken cancellationToken = default)
        where T : class, IDocument;

    /// <exception cref="DocumentExistsException">A document of that kind and id exists.</exception>
    Task<Stored<T>> CreateAsync<T>(T document, CancellationToken cancellationToken = default)
        where T : class, IDocument;

    /// <exception cref="ConcurrencyConflictException">The stored ETag is not <paramref name="ifMatch"/>.</exception>
    /// <exception cref="DocumentNotFoundException">There is nothing to replace.</exception>
    Task<Stored<T>> ReplaceAsync<T>(T document, string ifMatch, CancellationToken cancellationToken = default)
        where T : class, IDocument;

    Task<Stored<T>> UpsertAsync<T>(T document, CancellationToken cancellationToken = default)
        where T : class, IDocument;

    /// <summary>
    /// Creates many documents in as few round trips as the store allows (seeding, moving between stores).
    /// Ids that already exist are left as they are, so an interrupted import can simply be run again.
    /// </summary>
    /// <returns>How many documents were created.</returns>
    Task<int> ImportAsync<T>(IEnumerable<T> documents, CancellationToken cancellationToken = default)
        where T : class, IDocument;

    /// <summary>Every document of a kind, ordered by id. For the small kinds: controls, people, risks, decisions.</summary>
    Task<IReadOnlyList<Stored<T>>> ListAsync<T>(CancellationToken cancellationToken = default)
        where T : class, IDocument;

    Task<int> CountAsync<T>(CancellationToken cancellationToken = default)
        where T : class, IDocument;

    /// <summary>Attestations whose period key is one of <paramref name="periods"/>.</summary>
    Task<IReadOnlyList<Attestation>> ListAttestationsAsync(
        IReadOnlyCollection<string> periods, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Attestation>> ListAttestationsForControlAsync(
        string controlId, CancellationToken cancellationToken = default);

    /// <summary>Per control, its approved evidence effective on or before <paramref name="asOf"/> and not expired then.</summary>
    Task<IReadOnlyList<EvidenceFreshness>> ListEvidenceFreshnessAsync(
        DateOnly asOf, CancellationToken cancellationToken = default);

    /// <summary>Evidence still waiting for its owner's confirmation or its reviewer, oldest first.</summary>
    Task<IReadOnlyList<Evidence>> ListEvidenceAwaitingReviewAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Evidence>> ListEvidenceForControlAsync(
        string controlId, CancellationToken cancellationToken = default);

    /// <summary>All evidence, ordered by upload time, read lazily (there can be hundreds of thousands).</summary>
    IAsyncEnumerable<Evidence> StreamEvidenceAsync(CancellationToken cancellationToken = default);

    Task<AuditEvent?> FindLastAuditEventAsync(CancellationToken cancellationToken = default);

    /// <summary>The audit trail in sequence order, read lazily.</summary>
    IAsyncEnumerable<AuditEvent> StreamAuditTrailAsync(CancellationToken cancellationToken = default);
}
