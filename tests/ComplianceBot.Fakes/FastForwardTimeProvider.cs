using System.Collections.Concurrent;

namespace ComplianceBot.Fakes;

/// <summary>
/// A clock whose waits end at once and move the clock forward by their due time: code that waits (Retry-After,
/// back-off) runs at full speed, and the test can still read how long it would have waited. Time-outs (timers
/// that cancel a <see cref="CancellationTokenSource"/>) are different: they fire only once the clock has passed
/// them, through other waits or <see cref="Advance"/>, so a time-out never cuts off work that is merely running.
/// Share one instance between a client and a fake server so both see the same time.
/// </summary>
public sealed class FastForwardTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly ConcurrentDictionary<TimeOut, long> timeOuts = new();
    private long ticks = start.UtcTicks;
    private long waitedTicks;

    public FastForwardTimeProvider()
        : this(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>The sum of all waits' due times so far.</summary>
    public TimeSpan Waited => TimeSpan.FromTicks(Interlocked.Read(ref waitedTicks));

    /// <summary>Time-outs set and not yet fired or cancelled.</summary>
    public int PendingTimeOuts => timeOuts.Count;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by)
    {
        var now = Interlocked.Add(ref ticks, by.Ticks);
        foreach (var (timeOut, due) in timeOuts)
        {
            if (due <= now && timeOuts.TryRemove(timeOut, out _)) ThreadPool.QueueUserWorkItem(_ => timeOut.Fire());
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (state is CancellationTokenSource)
        {
            var timeOut = new TimeOut(this, callback, state);
            if (dueTime != Timeout.InfiniteTimeSpan) timeOut.Change(dueTime, period);
            return timeOut;
        }

        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Interlocked.Add(ref waitedTicks, dueTime.Ticks);
            Advance(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new FiredTimer();
    }

    private sealed class TimeOut(FastForwardTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime == Timeout.InfiniteTimeSpan) clock.timeOuts.TryRemove(this, out _);
            else if (dueTime <= TimeSpan.Zero) ThreadPool.QueueUserWorkItem(_ => Fire());
            else clock.timeOuts[this] = Interlocked.Read(ref clock.ticks) + dueTime.Ticks;
            return true;
        }

        public void Dispose() => clock.timeOuts.TryRemove(this, out _);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
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
