namespace ComplianceBot.Core.Delivery;

/// <summary><paramref name="Count"/> sends per <paramref name="Per"/>, with bursts up to <paramref name="Count"/>.</summary>
public sealed record SendRate(int Count, TimeSpan Per)
{
    public TimeSpan Interval => Per / Count;
}

/// <summary>A platform's limits: per conversation (Teams 7/s, Slack 1/s per channel) and per tenant or workspace.</summary>
public sealed record PlatformLimits(SendRate PerConversation, SendRate PerWorkspace)
{
    public static PlatformLimits Teams { get; } = new(new(7, TimeSpan.FromSeconds(1)), new(50, TimeSpan.FromSeconds(1)));

    /// <summary>Slack publishes 1/s per channel for chat.postMessage and only "several hundred a minute" per workspace.</summary>
    public static PlatformLimits Slack { get; } = new(new(1, TimeSpan.FromSeconds(1)), new(300, TimeSpan.FromMinutes(1)));
}

/// <summary>
/// A rate limit as a generic cell rate algorithm: one "theoretical arrival time" per key. Reserving returns when
/// the send may go and books that slot at once, so concurrent senders never take the same one.
/// </summary>
internal sealed class RateCell(SendRate rate, double slack)
{
    private readonly TimeSpan interval = rate.Interval * (1 + slack);
    private readonly TimeSpan tolerance = rate.Interval * (1 + slack) * (rate.Count - 1);
    private DateTimeOffset tat = DateTimeOffset.MinValue;

    /// <summary>When a send could go, without booking it.</summary>
    public DateTimeOffset NextAt(DateTimeOffset now)
    {
        var at = tat == DateTimeOffset.MinValue ? now : tat - tolerance;
        return at > now ? at : now;
    }

    public void Book(DateTimeOffset at)
    {
        var start = tat == DateTimeOffset.MinValue || tat < at ? at : tat;
        tat = start + interval;
    }

    /// <summary>A send that finished at <paramref name="done"/> (perhaps late, after a retry): the next waits a full interval from then.</summary>
    public void Rest(DateTimeOffset done)
    {
        var next = done + interval;
        if (tat < next) tat = next;
    }

    /// <summary>After a Retry-After: nothing before <paramref name="until"/>.</summary>
    public void Hold(DateTimeOffset until)
    {
        var held = until + tolerance;
        if (held > tat) tat = held;
    }
}
