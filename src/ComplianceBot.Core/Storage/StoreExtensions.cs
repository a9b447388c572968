namespace ComplianceBot.Core.Storage;

public static class StoreExtensions
{
    private const int MaxAttempts = 30;

    /// <summary>
    /// Read-modify-write with optimistic concurrency: a conflicting writer makes us read again and reapply
    /// <paramref name="change"/>, so no update is lost. Gives up after a few rounds of constant contention.
    /// </summary>
    public static async Task<Stored<T>> UpdateAsync<T>(
        this IComplianceStore store, string id, Func<T, T> change, CancellationToken cancellationToken = default)
        where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.FindAsync<T>(id, cancellationToken)
                ?? throw new DocumentNotFoundException(T.Kind, id);
            try
            {
                return await store.ReplaceAsync(change(current.Document), current.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone else wrote in between: take their version and apply our change on top, after a short
                // random pause so that writers racing for the same document do not collide again in step.
                await Backoff(attempt, cancellationToken);
            }
        }
    }

    /// <summary>The next number of the counter <paramref name="counterId"/> (1 the first time), safe under concurrent callers.</summary>
    public static async Task<long> NextNumberAsync(this IComplianceStore store, string counterId, CancellationToken cancellationToken = default) =>
        (await store.UpdateOrCreateAsync<Records.Counter>(
            counterId, c => new Records.Counter { Id = counterId, Value = (c?.Value ?? 0) + 1 }, cancellationToken)).Value;

    /// <summary>Like <see cref="UpdateAsync{T}"/>, but creates the document when there is none
    /// (<paramref name="change"/> then receives null). Concurrent creators are resolved the same way.</summary>
    public static async Task<T> UpdateOrCreateAsync<T>(
        this IComplianceStore store, string id, Func<T?, T> change, CancellationToken cancellationToken = default)
        where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.FindAsync<T>(id, cancellationToken);
            try
            {
                return current is null
                    ? (await store.CreateAsync(change(null), cancellationToken)).Document
                    : (await store.ReplaceAsync(change(current.Document), current.ETag, cancellationToken)).Document;
            }
            catch (Exception ex) when (ex is ConcurrencyConflictException or DocumentExistsException && attempt < MaxAttempts)
            {
                // Someone else wrote in between: start again from their version.
                await Backoff(attempt, cancellationToken);
            }
        }
    }

    internal static Task Backoff(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 2 * Math.Min(attempt, 10) + 1)), TimeProvider.System, cancellationToken);
}
