using System.Collections.Concurrent;
using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Records;
using ComplianceBot.Storage.Embedded;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceBot.Tests.Inbox;

/// <summary>The durable inbox's processing on the embedded store, on a fake clock.</summary>
public sealed class DurableInboxTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "cb-inbox-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
    private readonly EmbeddedInbox store;
    private readonly DurableInbox inbox;
    private readonly Handler handler = new();
    private readonly ConcurrentQueue<InboxOutcome> outcomes = new();
    private readonly CancellationTokenSource stop = new();
    private Task? running;

    public DurableInboxTests()
    {
        store = new EmbeddedInbox(Path.Combine(folder, "inbox"), time);
        inbox = new DurableInbox(store, time);
    }

    public void Dispose()
    {
        stop.Cancel();
        running?.Wait(TimeSpan.FromSeconds(5));
        stop.Dispose();
        store.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task An_event_waiting_behind_slow_work_for_longer_than_a_lease_is_still_handled_exactly_once()
    {
        Start();
        handler.Hold("bench:slow");
        Assert.True(await inbox.AcceptAsync("bench", "slow", "{}", "D0CHAT"));
        Assert.True(await inbox.AcceptAsync("bench", "next", "{}", "D0CHAT")); // same conversation: queued behind it
        await Until(() => handler.Started.Contains("bench:slow"));

        // The slow one takes 45 s (a long rate-limit pause, say): both leases run out meanwhile, and polling runs.
        for (var s = 0; s < 45; s++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        handler.Release("bench:slow");
        await Until(() => outcomes.Count(o => o.State == InboxState.Done) == 2);
        time.Advance(DurableInbox.Lease * 2);
        Assert.Equal(0, await inbox.ClaimPendingAsync(100, CancellationToken.None)); // nothing left to take up again

        Assert.Equal(1, handler.Calls["bench:slow"]);
        Assert.Equal(1, handler.Calls["bench:next"]);
        Assert.Equal(2, (await store.ListAsync(InboxState.Done, 10)).Count);
        Assert.Empty(await store.ListAsync(InboxState.Pending, 10));
    }

    [Fact]
    public async Task A_failing_event_is_retried_after_its_delay_and_then_done()
    {
        Start();
        handler.FailOnce("bench:flaky");
        await inbox.AcceptAsync("bench", "flaky", "{}", "D0CHAT");
        await Until(() => outcomes.Any(o => o.Error is not null));
        Assert.Equal(InboxState.Pending, (await store.FindAsync("bench:flaky"))!.Document.State);

        time.Advance(TimeSpan.FromSeconds(6)); // the first retry waits 5 s
        await Until(() => outcomes.Any(o => o.State == InboxState.Done));
        Assert.Equal(2, handler.Calls["bench:flaky"]);
        Assert.Equal(InboxState.Done, (await store.FindAsync("bench:flaky"))!.Document.State);
    }

    [Fact]
    public async Task An_event_that_fails_on_every_attempt_is_parked_as_failed_and_not_retried_again()
    {
        Start();
        handler.AlwaysFail("bench:poison");
        await inbox.AcceptAsync("bench", "poison", "{}", "D0CHAT");
        for (var attempt = 1; attempt < DurableInbox.MaxAttempts; attempt++)
        {
            await Until(() => outcomes.Count(o => o.Error is not null) == attempt);
            time.Advance(TimeSpan.FromSeconds(5 * attempt * attempt + 1));
        }

        await Until(() => outcomes.Any(o => o.State == InboxState.Failed));
        var parked = Assert.Single(await store.ListAsync(InboxState.Failed, 10));
        Assert.Equal((DurableInbox.MaxAttempts, "InvalidOperationException: the platform was down"), (parked.Document.Attempts, parked.Document.LastError));

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await inbox.ClaimPendingAsync(100, CancellationToken.None));
        Assert.Equal(DurableInbox.MaxAttempts, handler.Calls["bench:poison"]);
    }

    private void Start() =>
        running = inbox.RunAsync(new Dictionary<string, IInboxHandler> { ["bench"] = handler }, outcomes.Enqueue, stop.Token);

    private static async Task Until(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            Assert.True(waited < 10_000, "timed out waiting");
            await Task.Delay(10);
        }
    }

    private sealed class Handler : IInboxHandler
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> held = new();
        private readonly ConcurrentDictionary<string, bool> failOnce = new();
        private readonly ConcurrentDictionary<string, bool> alwaysFail = new();

        public ConcurrentDictionary<string, int> Calls { get; } = new();

        public ConcurrentBag<string> Started { get; } = [];

        public string Platform => "bench";

        public void Hold(string id) => held[id] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release(string id) => held[id].SetResult();

        public void FailOnce(string id) => failOnce[id] = true;

        public void AlwaysFail(string id) => alwaysFail[id] = true;

        public async Task HandleAsync(InboxItem item, CancellationToken cancellationToken)
        {
            Calls.AddOrUpdate(item.Id, 1, (_, n) => n + 1);
            Started.Add(item.Id);
            if (held.TryGetValue(item.Id, out var gate)) await gate.Task.WaitAsync(cancellationToken);
            if (failOnce.TryRemove(item.Id, out _) || alwaysFail.ContainsKey(item.Id)) throw new InvalidOperationException("the platform was down");
        }
    }
}
