using System.Diagnostics;

namespace ComplianceBot.Benchmarks.Teams;

/// <summary>Requests from a fixed number of concurrent senders, each request timed: a fixed number, or for a while.</summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(HttpClient client, Func<int, HttpRequestMessage> request, int total, int concurrency)
    {
        var latencies = new double[total];
        var failures = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                using var message = request(i);
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(message);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
            }
        }));
        clock.Stop();
        Array.Sort(latencies);
        return new LoadResult(total, clock.Elapsed, latencies, failures);
    }

    /// <summary>Sends until <paramref name="duration"/> has passed (requests under way are finished); returns how many were sent and how many failed.</summary>
    public static async Task<(int Sent, int Failures)> RunForAsync(HttpClient client, Func<int, HttpRequestMessage> request, TimeSpan duration, int concurrency)
    {
        var failures = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                using var message = request(Interlocked.Increment(ref next));
                using var response = await client.SendAsync(message);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
            }
        }));
        return (next + 1, failures);
    }
}

internal sealed record LoadResult(int Requests, TimeSpan Elapsed, double[] SortedLatenciesMs, int Failures)
{
    public double PerSecond => Requests / Elapsed.TotalSeconds;

    public double Percentile(double p) => SortedLatenciesMs[Math.Min(SortedLatenciesMs.Length - 1, (int)Math.Ceiling(p * SortedLatenciesMs.Length) - 1)];
}
