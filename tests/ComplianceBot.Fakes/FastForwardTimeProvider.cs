namespace ComplianceBot.Fakes;

/// <summary>
/// A clock whose timers fire at once and move the clock forward by their due time: code that waits
/// (Retry-After, back-off) runs at full speed, and the test can still read how long it would have waited.
/// Share one instance between a client and a fake server so both see the same time.
/// </summary>
public sealed class FastForwardTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;
    private long waitedTicks;

    public FastForwardTimeProvider()
        : this(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>The sum of all timers' due times so far.</summary>
    public TimeSpan Waited => TimeSpan.FromTicks(Interlocked.Read(ref waitedTicks));

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Advance(dueTime);
            Interlocked.Add(ref waitedTicks, dueTime.Ticks);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
