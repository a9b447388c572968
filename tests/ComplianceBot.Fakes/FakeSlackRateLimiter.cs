namespace ComplianceBot.Fakes;

/// <summary>
/// Slack-style rate limits for the fake Web API: a token bucket per method, and per channel when the limit is
/// per channel (chat.postMessage: about one message a second in each channel). A refused call learns how
/// many whole seconds to wait, as Slack's Retry-After says.
/// </summary>
public sealed class FakeSlackRateLimiter(TimeProvider time)
{
    private readonly Dictionary<string, Limit> limits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Limit> extra = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Method, string Key), Bucket> buckets = [];
    private readonly Lock gate = new();

    /// <summary>Allows <paramref name="count"/> calls of <paramref name="method"/> each <paramref name="per"/>, with bursts up to <paramref name="count"/>.</summary>
    public void Set(string method, int count, TimeSpan per, bool perChannel)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (gate)
        {
            limits[method] = new Limit(count, per, perChannel);
            foreach (var key in buckets.Keys.Where(k => k.Method == method).ToList()) buckets.Remove(key);
        }
    }

    /// <summary>A second limit on the same method, checked together with the first (Slack: per channel and per workspace).</summary>
    public void Also(string method, int count, TimeSpan per, bool perChannel)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (gate) extra[method] = new Limit(count, per, perChannel);
    }

    public void Clear()
    {
        lock (gate)
        {
            limits.Clear();
            extra.Clear();
            buckets.Clear();
        }
    }

    /// <returns>Null when the call may go ahead; otherwise the seconds to wait (at least 1).</returns>
    public int? TryAcquire(string method, string? channel)
    {
        lock (gate)
        {
            if (!limits.TryGetValue(method, out var limit)) return null;
            var now = time.GetUtcNow();
            var first = Refill(method, "", limit, channel, now);
            var second = extra.TryGetValue(method, out var also) ? Refill(method, "+", also, channel, now) : null;
            var wait = Math.Max(Wait(first, limit), second is null ? 0 : Wait(second, also!));
            if (wait > 0) return wait;
            first.Tokens -= 1;
            if (second is not null) second.Tokens -= 1;
            return null;
        }
    }

    private Bucket Refill(string method, string tag, Limit limit, string? channel, DateTimeOffset now)
    {
        var key = (method, tag + (limit.PerChannel ? channel ?? "" : "*"));
        if (!buckets.TryGetValue(key, out var bucket)) buckets[key] = bucket = new Bucket { Tokens = limit.Count, At = now };
        bucket.Tokens = Math.Min(limit.Count, bucket.Tokens + ((now - bucket.At).TotalSeconds * limit.Count / limit.Per.TotalSeconds));
        bucket.At = now;
        return bucket;
    }

    private static int Wait(Bucket bucket, Limit limit) =>
        bucket.Tokens >= 1 ? 0 : Math.Max(1, (int)Math.Ceiling((1 - bucket.Tokens) / (limit.Count / limit.Per.TotalSeconds)));

    private sealed record Limit(int Count, TimeSpan Per, bool PerChannel);

    private sealed class Bucket
    {
        public double Tokens { get; set; }

        public DateTimeOffset At { get; set; }
    }
}
