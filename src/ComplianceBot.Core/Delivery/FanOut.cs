namespace ComplianceBot.Core.Delivery;

/// <summary>
/// One message of a fan-out: where it goes (for the rate limits) and how to send it. <see cref="Send"/> gets a
/// "wait for my slot" to await right before the platform call, after any preparation (ledger claims), so
/// the time the preparation takes never squeezes two posts to one conversation closer than its limit allows.
/// </summary>
public sealed record FanOutMessage(string Platform, string Workspace, string Conversation, Func<Func<CancellationToken, Task>, CancellationToken, Task> Send);

/// <summary>
/// Sends many messages as fast as the platforms allow and no faster: a rate cell per conversation and one per
/// tenant or workspace, booked before each send. Among the conversations free to receive, the one with the most
/// messages left goes first, so a person who gets several messages (paced at 1/s on Slack) does not hold the
/// run up at its end. Each platform and workspace is paced on its own.
/// </summary>
public sealed class FanOut(TimeProvider time, IReadOnlyDictionary<string, PlatformLimits> limits, int concurrency = 32)
{
    /// <summary>Keep this far under each workspace limit, so jitter between our clock and the platform's does not earn a 429.</summary>
    public const double Slack = 0.03;

    /// <summary>
    /// A conversation's limit has no burst to absorb jitter (Slack: one a second), and a 429 there costs a whole
    /// second; it is rarely the binding limit, so it gets a wider margin.
    /// </summary>
    public const double ConversationSlack = 0.15;

    public async Task RunAsync(IReadOnlyList<FanOutMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var gate = new SemaphoreSlim(concurrency);
        await Task.WhenAll(messages.GroupBy(m => (m.Platform, m.Workspace))
            .Select(g => RunWorkspaceAsync(g.Key.Platform, g.ToList(), gate, cancellationToken)));
    }

    /// <summary>The least time these messages can take under the limits (for the benchmark's comparison).</summary>
    public static TimeSpan Minimum(IEnumerable<(string Conversation, int Messages)> conversations, PlatformLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var list = conversations.ToList();
        var total = list.Sum(c => c.Messages);
        var workspace = limits.PerWorkspace.Interval * Math.Max(0, total - limits.PerWorkspace.Count);
        var longest = list.Count == 0 ? 0 : list.Max(c => c.Messages);
        var conversation = limits.PerConversation.Interval * Math.Max(0, longest - limits.PerConversation.Count);
        return workspace > conversation ? workspace : conversation;
    }

    private async Task RunWorkspaceAsync(string platform, List<FanOutMessage> messages, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var limit = limits.GetValueOrDefault(platform) ?? PlatformLimits.Teams;
        var workspace = new RateCell(limit.PerWorkspace, Slack);
        var posting = new RateCell(limit.PerWorkspace, Slack);
        var booking = new Lock();
        var waiting = new PriorityQueue<Lane, DateTimeOffset>();
        var ready = new PriorityQueue<Lane, int>();
        var start = time.GetUtcNow();
        foreach (var group in messages.GroupBy(m => m.Conversation, StringComparer.Ordinal))
        {
            waiting.Enqueue(new Lane(new Queue<FanOutMessage>(group), new RateCell(limit.PerConversation, ConversationSlack), new RateCell(limit.PerConversation, ConversationSlack)), start);
        }

        var running = new List<Task>();
        while (waiting.Count + ready.Count > 0)
        {
            var now = time.GetUtcNow();
            while (waiting.TryPeek(out var next, out var at) && at <= now) ready.Enqueue(waiting.Dequeue(), -next.Messages.Count);
            if (ready.Count == 0)
            {
                waiting.TryPeek(out _, out var first);
                await Task.Delay(first - now, time, cancellationToken);
                continue;
            }

            var lane = ready.Dequeue();
            var slot = workspace.NextAt(now);
            if (slot > now)
            {
                await Task.Delay(slot - now, time, cancellationToken);
                now = time.GetUtcNow();
            }

            workspace.Book(now);
            lane.Cell.Book(now);
            var message = lane.Messages.Dequeue();
            await gate.WaitAsync(cancellationToken);
            running.Add(SendAsync(message, lane, posting, booking, gate, cancellationToken));
            if (running.Count > 1024) running.RemoveAll(t => t.IsCompleted);
            if (lane.Messages.Count > 0) waiting.Enqueue(lane, lane.Cell.NextAt(now));
        }

        await Task.WhenAll(running);
    }

    /// <summary>
    /// Runs one send. Its slot is booked when it is about to post: the conversation's (after that conversation's
    /// previous post has finished, retries included, so a retried post and the next one never collide) together
    /// with the workspace's.
    /// </summary>
    private async Task SendAsync(FanOutMessage message, Lane lane, RateCell workspace, Lock booking, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var turn = false;
        try
        {
            await message.Send(async ct =>
            {
                await lane.Turn.WaitAsync(ct);
                turn = true;
                DateTimeOffset now, at;
                lock (booking)
                {
                    now = time.GetUtcNow();
                    var a = lane.Posting.NextAt(now);
                    var b = workspace.NextAt(now);
                    at = a > b ? a : b;
                    lane.Posting.Book(at);
                    workspace.Book(at);
                }

                if (at > now) await Task.Delay(at - now, time, ct);
            }, cancellationToken);
        }
        finally
        {
            if (turn)
            {
                lock (booking) lane.Posting.Rest(time.GetUtcNow());
                lane.Turn.Release();
            }

            gate.Release();
        }
    }

    /// <summary>A conversation's queue; <see cref="Cell"/> plans the order, <see cref="Posting"/> paces the actual posts.</summary>
    private sealed record Lane(Queue<FanOutMessage> Messages, RateCell Cell, RateCell Posting)
    {
        /// <summary>One post at a time per conversation.</summary>
        public SemaphoreSlim Turn { get; } = new(1, 1);
    }
}
