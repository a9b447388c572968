using System.Threading.Channels;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Inbox;

/// <summary>
/// The durable queue between "acknowledged" and "processed". Accepting writes the event to the store before the
/// platform gets its answer, keyed by the platform's delivery id, so a redelivery is recognised and an accepted
/// event survives a restart. Processing leases each item, so several instances share the work safely.
/// </summary>
public sealed class DurableInbox(IComplianceStore store, TimeProvider time)
{
    public const int MaxAttempts = 5;

    /// <summary>How many conversations are processed at the same time.</summary>
    public const int Parallelism = 8;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private readonly Channel<bool> wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <returns>False when the same delivery was accepted before (a retry): acknowledge it and do nothing.</returns>
    public async Task<bool> AcceptAsync(
        string platform, string deliveryId, string payload, string? partition = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.CreateAsync(new InboxItem
            {
                Id = $"{platform}:{deliveryId}",
                Platform = platform,
                Partition = partition,
                Payload = payload,
                ReceivedAt = time.GetUtcNow(),
            }, cancellationToken);
        }
        catch (DocumentExistsException)
        {
            return false;
        }

        wakeUps.Writer.TryWrite(true);
        return true;
    }

    /// <summary>Waits until something was accepted here or <paramref name="poll"/> passed (work from other instances, restarts).</summary>
    public async Task WaitForWorkAsync(TimeSpan poll, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(poll);
        try
        {
            await wakeUps.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Poll interval passed.
        }
    }

    /// <summary>
    /// Processes what is pending: each conversation's items in the order they arrived, up to
    /// <see cref="Parallelism"/> conversations at once.
    /// </summary>
    public async Task<IReadOnlyList<InboxOutcome>> ProcessPendingAsync(
        IReadOnlyDictionary<string, IInboxHandler> handlers, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        // Claims go out together, so a store that commits concurrent writes as a group needs one commit for all.
        var now = time.GetUtcNow();
        var claims = await Task.WhenAll((await store.ListPendingInboxAsync(now, max, cancellationToken)).Select(async candidate =>
        {
            try
            {
                return await store.ReplaceAsync(candidate.Document with
                {
                    LeaseUntil = now + Lease,
                    Attempts = candidate.Document.Attempts + 1,
                }, candidate.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                return null; // another worker took it
            }
        }));
        var claimed = claims.OfType<Stored<InboxItem>>().ToList();

        var outcomes = new System.Collections.Concurrent.ConcurrentBag<InboxOutcome>();
        await Parallel.ForEachAsync(
            claimed.GroupBy(c => c.Document.Partition ?? c.Document.Id),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (conversation, token) =>
            {
                foreach (var item in conversation.OrderBy(c => c.Document.ReceivedAt))
                {
                    outcomes.Add(await ProcessAsync(item, handlers, token));
                }
            });
        return outcomes.ToList();
    }

    private async Task<InboxOutcome> ProcessAsync(Stored<InboxItem> claimed, IReadOnlyDictionary<string, IInboxHandler> handlers, CancellationToken cancellationToken)
    {
        var item = claimed.Document;
        try
        {
            if (!handlers.TryGetValue(item.Platform, out var handler))
                throw new InvalidOperationException($"No handler for platform '{item.Platform}'.");
            await handler.HandleAsync(item, cancellationToken);
            await store.ReplaceAsync(item with { State = InboxState.Done, CompletedAt = time.GetUtcNow(), LeaseUntil = null }, claimed.ETag, cancellationToken);
            return new InboxOutcome(item.Id, InboxState.Done, item.Attempts, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var failed = item.Attempts >= MaxAttempts;
            var error = $"{ex.GetType().Name}: {ex.Message}";
            await store.ReplaceAsync(item with
            {
                State = failed ? InboxState.Failed : InboxState.Pending,
                LeaseUntil = failed ? null : time.GetUtcNow() + Backoff(item.Attempts),
                LastError = error.Length > 500 ? error[..500] : error,
            }, claimed.ETag, cancellationToken);
            return new InboxOutcome(item.Id, failed ? InboxState.Failed : InboxState.Pending, item.Attempts, error);
        }
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(5 * attempt * attempt);
}

public sealed record InboxOutcome(string ItemId, InboxState State, int Attempts, string? Error);
