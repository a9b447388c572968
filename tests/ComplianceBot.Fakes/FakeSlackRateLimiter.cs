namespace ComplianceBot.Fakes;

/// <summary>
/// Slack-style rate limits for the fake Web API: a token bucket per method, and per channel when the limit is
/// per channel (chat.postMessage: about one message a second in each channel). A refused call learns how
/// many whole seconds to wait, as Slack's Retry-After says.
/// </summary>
public sealed class FakeSlackRateLimiter(TimeProvider time)
{
    private readonly Dictionary<string, Limit> limits = new(StringComparer.Ordinal);
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

    public void Clear()
    {
        lock (gate)
        {
            limits.Clear();
            buckets.Clear();
        }
    }

    /// <returns>Null when the call may go ahead; otherwise the seconds to wait (at least 1).</returns>
    public int? TryAcquire(string method, string? channel)
    {
        lock (gate)
        {
            if (!limits.TryGetValue(method, out var limit)) return null;
            var key = (method, limit.PerChannel ? channel ?? "" : "*");
            var now = time.GetUtcNow();
            if (!buckets.TryGetValue(key, out var bucket)) buckets[key] = bucket = new Bucket { Tokens = limit.Count, At = now };
            var rate = limit.Count / limit.Per.TotalSeconds;
            bucket.Tokens = Math.Min(limit.Count, bucket.Tokens + ((now - bucket.At).TotalSeconds * rate));
            bucket.At = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return null;
            }

            return Math.Max(1, (int)Math.Ceiling((1 - bucket.Tokens) / rate));
        }
    }

    private sealed record Limit(int Count, TimeSpan Per, bool PerChannel);

    private sealed class Bucket
    {
        public double Tokens { get; set; }

        public DateTimeOffset At { get; set; }
    }
}
