using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using ComplianceBot.Core.Diagnostics;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Host.Observability;

/// <summary>
/// The record store with each call timed (<c>compliancebot.store.duration</c>, by operation and outcome). Added only
/// when telemetry is exported; it owns the store it wraps and disposes it.
/// </summary>
internal sealed class TimedComplianceStore(IComplianceStore inner) : IComplianceStore, IDisposable
{
    private static readonly Histogram<double> Duration = BotTelemetry.Meter.CreateHistogram<double>(
        "compliancebot.store.duration", "s", "Latency of record store calls, by operation and outcome");

    public Task<Stored<T>?> FindAsync<T>(string id, CancellationToken cancellationToken = default)
        where T : class, IDocument => TimeAsync("find", Stopwatch.GetTimestamp(), inner.FindAsync<T>(id, cancellationToken));

    public Task<Stored<T>> CreateAsync<T>(T document, CancellationToken cancellationToken = default)
        where T : class, IDocument => TimeAsync("create", Stopwatch.GetTimestamp(), inner.CreateAsync(document, cancellationToken));

    public Task<Stored<T>> ReplaceAsync<T>(T document, string ifMatch, CancellationToken cancellationToken = default)
        where T : class, IDocument => TimeAsync("replace", Stopwatch.GetTimestamp(), inner.ReplaceAsync(document, ifMatch, cancellationToken));

    public Task<Stored<T>> UpsertAsync<T>(T document, CancellationToken cancellationToken = default)
        where T : class, IDocument => TimeAsync("upsert", Stopwatch.GetTimestamp(), inner.UpsertAsync(document, cancellationToken));

    public Task<int> ImportAsync<T>(IEnumerable<T> documents, CancellationToken cancellationToken = default)
        where T : class, IDocument => TimeAsync("import", Stopwatch.GetTimestamp(), inner.ImportAsync(documents, cancellationToken));

    public Task<IReadOnlyList<Stored<T>>> ListAsync<T>(CancellationToken cancellationToken = default)
        where T : class, IDocument => TimeAsync("list", Stopwatch.GetTimestamp(), inner.ListAsync<T>(cancellationToken));

    public Task<int> CountAsync<T>(CancellationToken cancellationToken = default)
        where T : class, IDocument => TimeAsync("count", Stopwatch.GetTimestamp(), inner.CountAsync<T>(cancellationToken));

    public Task<IReadOnlyList<Attestation>> ListAttestationsAsync(IReadOnlyCollection<string> periods, CancellationToken cancellationToken = default) =>
        TimeAsync("list_attestations", Stopwatch.GetTimestamp(), inner.ListAttestationsAsync(periods, cancellationToken));

    public Task<IReadOnlyList<Attestation>> ListAttestationsForControlAsync(string controlId, CancellationToken cancellationToken = default) =>
        TimeAsync("list_attestations_for_control", Stopwatch.GetTimestamp(), inner.ListAttestationsForControlAsync(controlId, cancellationToken));

    public Task<IReadOnlyList<EvidenceFreshness>> ListEvidenceFreshnessAsync(DateOnly asOf, CancellationToken cancellationToken = default) =>
        TimeAsync("list_evidence_freshness", Stopwatch.GetTimestamp(), inner.ListEvidenceFreshnessAsync(asOf, cancellationToken));

    public Task<IReadOnlyList<Evidence>> ListEvidenceAwaitingReviewAsync(CancellationToken cancellationToken = default) =>
        TimeAsync("list_evidence_awaiting_review", Stopwatch.GetTimestamp(), inner.ListEvidenceAwaitingReviewAsync(cancellationToken));

    public Task<IReadOnlyList<Evidence>> ListEvidenceForControlAsync(string controlId, CancellationToken cancellationToken = default) =>
        TimeAsync("list_evidence_for_control", Stopwatch.GetTimestamp(), inner.ListEvidenceForControlAsync(controlId, cancellationToken));

    public IAsyncEnumerable<Evidence> StreamEvidenceAsync(CancellationToken cancellationToken = default) =>
        TimeStreamAsync("stream_evidence", inner.StreamEvidenceAsync(cancellationToken), cancellationToken);

    public IAsyncEnumerable<AuditEvent> StreamAuditTrailAsync(CancellationToken cancellationToken = default) =>
        TimeStreamAsync("stream_audit_trail", inner.StreamAuditTrailAsync(cancellationToken), cancellationToken);

    public Task<AuditEvent?> FindLastAuditEventAsync(CancellationToken cancellationToken = default) =>
        TimeAsync("find_last_audit_event", Stopwatch.GetTimestamp(), inner.FindLastAuditEventAsync(cancellationToken));

    public void Dispose() => (inner as IDisposable)?.Dispose();

    /// <param name="started">Taken before <paramref name="call"/> is made: arguments are evaluated left to right.</param>
    private static async Task<T> TimeAsync<T>(string operation, long started, Task<T> call)
    {
        var outcome = "error";
        try
        {
            var result = await call.ConfigureAwait(false);
            outcome = "ok";
            return result;
        }
        catch (ConcurrencyConflictException)
        {
            outcome = "conflict";
            throw;
        }
        finally
        {
            Record(operation, started, outcome);
        }
    }

    /// <summary>A lazy read timed as one call, first row to last.</summary>
    private static async IAsyncEnumerable<T> TimeStreamAsync<T>(string operation, IAsyncEnumerable<T> stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            await foreach (var item in stream.WithCancellation(cancellationToken).ConfigureAwait(false)) yield return item;
            outcome = "ok";
        }
        finally
        {
            Record(operation, started, outcome);
        }
    }

    private static void Record(string operation, long started, string outcome) =>
        Duration.Record(
            Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("compliancebot.store.operation", operation),
            new KeyValuePair<string, object?>(BotTelemetry.OutcomeTag, outcome));
}
