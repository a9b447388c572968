using System.Globalization;
using System.Text.Json;
using ComplianceBot.Benchmarks.Teams;

namespace ComplianceBot.Benchmarks;

/// <summary>One endpoint's figures in an endpoint benchmark: ours, the peer SDK's, and the bare floor.</summary>
internal sealed record EndpointResult(string Name, LoadResult Load, TimeSpan EndToEnd, double Replies, TimeSpan Cpu, bool ExactlyOne, bool ExpectsReplies)
{
    public void Print() => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{Name,-14} {Load.PerSecond,8:F0} req/s  p50 {Load.Percentile(0.50),6:F2} ms  p99 {Load.Percentile(0.99),7:F2} ms  " +
        $"end-to-end {Load.Requests / EndToEnd.TotalSeconds,8:F0}/s  CPU {Cpu.TotalMilliseconds / Load.Requests,6:F3} ms/req  " +
        $"replies/req {(ExpectsReplies ? Replies.ToString("F3", CultureInfo.InvariantCulture) : "n/a")}  failures {Load.Failures}"));

    /// <summary>Prints the ratios against the targets, writes results.json, and returns the exit code (0: every target met).</summary>
    public static async Task<int> SummariseAsync(IReadOnlyList<EndpointResult> results, string ours, string peer, string bare, string folder)
    {
        if (results.All(r => r.Name != ours) || results.All(r => r.Name != peer) || results.All(r => r.Name != bare)) return 0; // a partial run has nothing to compare

        var (o, p, b) = (results.Single(r => r.Name == ours), results.Single(r => r.Name == peer), results.Single(r => r.Name == bare));
        var throughputRatio = p.EndToEnd.TotalSeconds / o.EndToEnd.TotalSeconds * o.Load.Requests / p.Load.Requests;
        var cpuRatio = (o.Cpu.TotalMilliseconds / o.Load.Requests) / (b.Cpu.TotalMilliseconds / b.Load.Requests);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput with every reply delivered: {throughputRatio:F2}x {peer} (target >= 3); CPU per request {cpuRatio:F2}x the bare endpoint (target <= 5)"));
        Console.WriteLine($"exactly one reply per request: {ours} {o.ExactlyOne}, {peer} {p.ExactlyOne}");
        await File.WriteAllTextAsync(Path.Combine(folder, "results.json"), JsonSerializer.Serialize(results.Select(r => new
        {
            r.Name, r.Load.Requests, RequestsPerSecond = r.Load.PerSecond, P50Ms = r.Load.Percentile(0.5), P99Ms = r.Load.Percentile(0.99),
            EndToEndPerSecond = r.Load.Requests / r.EndToEnd.TotalSeconds, CpuMsPerRequest = r.Cpu.TotalMilliseconds / r.Load.Requests,
            RepliesPerRequest = r.Replies, r.ExactlyOne, r.Load.Failures,
        })));
        return throughputRatio >= 3 && cpuRatio <= 5 && o.ExactlyOne && o.Load.Failures == 0 ? 0 : 1;
    }
}
