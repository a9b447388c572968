using System.Diagnostics;
using System.Threading.Channels;
using ComplianceBot.Core.Diagnostics;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Inbox;

/// <summary>
/// The durable queue between "acknowledged" and "processed". Accepting writes the event to the store before the
/// platform gets its answer, keyed by the platform's delivery id, so a redelivery is recognised and an accepted
/// event survives a restart.
/// <para>
/// An instance that processes (see <see cref="RunAsync"/>) accepts each event already leased to itself and hands
/// it straight to a processing lane: no second read, no separate claim. Anything whose lease runs out — its
/// instance died — or that an accept-only instance stored is found by polling, claimed with the ETag (so two
/// instances never take the same item) and processed the same way; polling never takes up again what is still
/// queued or in hand here. Each conversation maps to one lane, so its
/// events are handled in order; lanes run side by side.
/// </para>
/// </summary>
public sealed class DurableInbox(IInbox inbox, TimeProvider time)
{
    public const int MaxAttempts = 5;

    /// <summary>How many conversations are processed at the same time.</summary>
    public const int Parallelism = 32;

    /// <summary>How long an instance owns an item it took; after that another may take over.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly Channel<Stored<InboxItem>>[] lanes = Enumerable.Range(0, Parallelism)
        .Select(_ => Channel.CreateUnbounded<Stored<InboxItem>>(new UnboundedChannelOptions { SingleReader = true }))
        .ToArray();

    private volatile bool processingHere;

    // Items queued or being processed here: polling does not take them up again, however long they wait.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> inFlight = new(StringComparer.Ordinal);

    /// <returns>False when the same delivery was accepted before (a retry): acknowledge it and do nothing.</returns>
    /// <exception cref="InboxUnavailableException">The inbox cannot write now: answer 503 so the platform sends it again.</exception>
    public async Task<bool> AcceptAsync(
        string platform, string deliveryId, string payload, string? partition = null, CancellationToken cancellationToken = default)
    {
        var here = processingHere;
        var id = $"{platform}:{deliveryId}";

        // The request's span (receive) is the one processing continues: its traceparent travels with the item.
        var receive = Activity.Current;
        if (receive is { IsAllDataRequested: true }) receive.SetTag(BotTelemetry.DeliveryIdTag, id);
        using var span = BotTelemetry.Source.StartActivity("inbox", ActivityKind.Producer);
        span?.SetTag(BotTelemetry.DeliveryIdTag, id);
        span?.SetTag(BotTelemetry.PlatformTag, platform);
        var stored = await inbox.AcceptAsync(new InboxItem
        {
            Id = id,
            Platform = platform,
            Partition = partition,
            Payload = payload,
            ReceivedAt = time.GetUtcNow(),
            LeaseUntil = here ? time.GetUtcNow() + Lease : null,
            Attempts = here ? 1 : 0,
            TraceParent = receive is { Recorded: true, IdFormat: ActivityIdFormat.W3C } ? receive.Id : null,
        }, cancellationToken);
        span?.SetTag("compliancebot.inbox.duplicate", stored is null);
        if (stored is null) return false;
        if (here) await QueueAsync(stored, cancellationToken);
        return true;
    }

    /// <summary>Processes events until stopped: those accepted here at once, the rest found by polling.</summary>
    public async Task RunAsync(IReadOnlyDictionary<string, IInboxHandler> handlers, Action<InboxOutcome> report, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(report);
        processingHere = true;
        try
        {
            var workers = lanes.Select(lane => Task.Run(async () =>
            {
                await foreach (var item in lane.Reader.ReadAllAsync(stoppingToken))
                {
                    try
                    {
                        report(await ProcessAsync(item, handlers, stoppingToken));
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // Not even the failure could be recorded (the store refused): the lease runs out and the item
                        // is taken up again; this lane goes on with the next.
                        report(new InboxOutcome(item.Document.Id, InboxState.Pending, item.Document.Attempts, $"{ex.GetType().Name}: {ex.Message}"));
                    }
                    finally
                    {
                        inFlight.TryRemove(item.Document.Id, out _);
                    }
                }
            }, stoppingToken)).ToList();
            workers.Add(PollAsync(report, stoppingToken));
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; unfinished items keep their lease and are taken up again when it runs out.
        }
        finally
        {
            processingHere = false;
        }
    }

    /// <summary>Claims pending items nobody holds a live lease on and queues them for processing.</summary>
    public async Task<int> ClaimPendingAsync(int max, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();

        // Claims go out together, so a store that commits concurrent writes as a group needs one commit for all.
        var candidates = (await inbox.ListDueAsync(now, max, cancellationToken)).Where(c => !inFlight.ContainsKey(c.Document.Id));
        var claims = await Task.WhenAll(candidates.Select(async candidate =>
        {
            try
            {
                if (candidate.Document.Attempts >= MaxAttempts)
                {
                    // Every attempt ended without an outcome (the process died while handling it): it is parked for
                    // people to look at rather than taken up again and again.
                    await inbox.FailAsync(candidate, candidate.Document.LastError ?? "Stopped before finishing on every attempt.", null, cancellationToken);
                    return null;
                }

                return await inbox.LeaseAsync(candidate, now + Lease, newAttempt: true, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                return null; // another instance took it
            }
        }));
        var claimed = claims.OfType<Stored<InboxItem>>().OrderBy(c => c.Document.ReceivedAt).ToList();
        foreach (var item in claimed) await QueueAsync(item, cancellationToken);
        return claimed.Count;
    }

    private async Task PollAsync(Action<InboxOutcome> report, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Poll, time);
        do
        {
            try
            {
                await ClaimPendingAsync(100, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The inbox cannot be read or written now (a full disk, an unreachable account): polling goes on
                // and takes the items up once it can.
                report(new InboxOutcome("(polling)", InboxState.Pending, 0, $"{ex.GetType().Name}: {ex.Message}"));
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private ValueTask QueueAsync(Stored<InboxItem> item, CancellationToken cancellationToken)
    {
        inFlight[item.Document.Id] = 0;
        return LaneOf(item.Document).Writer.WriteAsync(item, cancellationToken);
    }

    private Channel<Stored<InboxItem>> LaneOf(InboxItem item) =>
        lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(item.Partition ?? item.Id) % Parallelism)];

    private async Task<InboxOutcome> ProcessAsync(Stored<InboxItem> claimed, IReadOnlyDictionary<string, IInboxHandler> handlers, CancellationToken cancellationToken)
    {
        var item = claimed.Document;
        using var span = StartHandle(item);

        // Flows into the handler's sends (which delivery they answer, the reply latency) and ends with this call.
        InboundDelivery.Current = new InboundDelivery(item.Id, item.Platform, item.ReceivedAt, time);
        try
        {
            // An item that waited in its lane behind slow work (a long rate-limit pause) renews its lease first:
            // should the lease already have run out and the item been taken up again, the ETag says so, and
            // the copy queued later does the work.
            if (item.LeaseUntil is { } until && until - time.GetUtcNow() < Lease / 2)
            {
                claimed = await inbox.LeaseAsync(claimed, time.GetUtcNow() + Lease, newAttempt: false, cancellationToken);
                item = claimed.Document;
            }

            if (!handlers.TryGetValue(item.Platform, out var handler))
                throw new InvalidOperationException($"No handler for platform '{item.Platform}'.");
            await handler.HandleAsync(item, cancellationToken);

            await CompleteAsync(claimed, cancellationToken);
            return new InboxOutcome(item.Id, InboxState.Done, item.Attempts, null);
        }
        catch (ConcurrencyConflictException)
        {
            // The lease ran out and another instance took the item over; its outcome is theirs to record.
            return new InboxOutcome(item.Id, InboxState.Pending, item.Attempts, "taken over by another instance");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            var failed = item.Attempts >= MaxAttempts;
            var error = $"{ex.GetType().Name}: {ex.Message}";
            try
            {
                await inbox.FailAsync(claimed, error, failed ? null : time.GetUtcNow() + Backoff(item.Attempts), cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                return new InboxOutcome(item.Id, InboxState.Pending, item.Attempts, error + " (taken over by another instance meanwhile)");
            }

            return new InboxOutcome(item.Id, failed ? InboxState.Failed : InboxState.Pending, item.Attempts, error);
        }
    }

    /// <summary>
    /// Records that a handled item is done. The work has been carried out (replies sent), so an inbox that cannot
    /// write just now is asked again until it can, rather than letting the lease run out and the work be done twice;
    /// polling here leaves the item alone meanwhile.
    /// </summary>
    private async Task CompleteAsync(Stored<InboxItem> claimed, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await inbox.CompleteAsync(claimed, time.GetUtcNow(), cancellationToken);
                return;
            }
            catch (InboxUnavailableException)
            {
                await Task.Delay(CompletionRetry, time, cancellationToken);
            }
        }
    }

    private static readonly TimeSpan CompletionRetry = TimeSpan.FromSeconds(1);

    /// <summary>The "handle" span, a child of the request that delivered the item (a root span when it carried none).</summary>
    private static Activity? StartHandle(InboxItem item)
    {
        if (!BotTelemetry.Source.HasListeners()) return null;
        ActivityContext.TryParse(item.TraceParent, null, isRemote: true, out var parent);
        var span = BotTelemetry.Source.StartActivity("handle", ActivityKind.Consumer, parent);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(BotTelemetry.DeliveryIdTag, item.Id);
            span.SetTag(BotTelemetry.PlatformTag, item.Platform);
            span.SetTag("compliancebot.inbox.attempt", item.Attempts);
        }

        return span;
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(5 * attempt * attempt);
}

public sealed record InboxOutcome(string ItemId, InboxState State, int Attempts, string? Error);
