using System.Globalization;
using System.Text.Json;

namespace ComplianceBot.Benchmarks.Endpoints;

/// <summary>
/// The medians of each target's runs (with their ranges), ComplianceBot's ratios to the peer and the bare
/// endpoint against the targets, and results.json.
/// </summary>
internal static class EndpointSummary
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Prints the summary, writes results.json, and returns the exit code (0: every target met).</summary>
    /// <param name="cpuShareOfPeer">ComplianceBot's CPU per request may be at most this share of the peer's.</param>
    /// <param name="throughputTimesPeer">ComplianceBot's end-to-end throughput must be at least this many times the peer's.</param>
    public static async Task<int> ReportAsync(IReadOnlyList<EndpointResult> results, double cpuShareOfPeer, double throughputTimesPeer, string folder, string loadAverage)
    {
        var figures = results.GroupBy(r => r.Name).Select(g => new TargetFigures(
            g.Key, g.First().Role, g.Count(),
            Spread.Of(g.Select(r => r.CpuMsPerRequest)), Spread.Of(g.Select(r => r.EndToEndPerSecond)),
            Spread.Of(g.Select(r => r.Load.PerSecond)), Spread.Of(g.Select(r => r.Load.Percentile(0.99))),
            Spread.Of(g.Select(r => r.Drain.TotalSeconds)), g.All(r => r.ExactlyOne), g.Sum(r => r.Load.Failures), g.All(r => r.WarmUp.Settled))).ToList();

        Console.WriteLine("median (range) of the runs:");
        foreach (var f in figures)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {f.Name,-14} CPU {f.CpuMsPerRequest} ms/req  end-to-end {f.EndToEndPerSecond} /s  p99 {f.P99Ms} ms  drain {f.DrainSeconds} s" +
                $"  exactly one reply: {(f.Role == TargetRole.Bare ? "n/a" : f.ExactlyOne.ToString())}  failures {f.Failures}  warm-ups settled: {f.Settled}"));
        }

        var ours = figures.SingleOrDefault(f => f.Role == TargetRole.Ours);
        var peer = figures.SingleOrDefault(f => f.Role == TargetRole.Peer);
        var bare = figures.SingleOrDefault(f => f.Role == TargetRole.Bare);
        Ratios? ratios = null;
        if (ours is not null && peer is not null && bare is not null)
        {
            ratios = new Ratios(
                ours.CpuMsPerRequest.Median / peer.CpuMsPerRequest.Median, cpuShareOfPeer,
                ours.CpuMsPerRequest.Median / bare.CpuMsPerRequest.Median, 5,
                ours.EndToEndPerSecond.Median / peer.EndToEndPerSecond.Median, throughputTimesPeer);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CPU per request: {ratios.CpuShareOfPeer:F3} of {peer.Name}'s (target <= {cpuShareOfPeer:F3}: {Met(ratios.CpuShareOfPeer <= cpuShareOfPeer)}), " +
                $"{ratios.CpuTimesBare:F2}x the bare endpoint (target <= 5: {Met(ratios.CpuTimesBare <= 5)})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"throughput until every reply is delivered: {ratios.ThroughputTimesPeer:F2}x {peer.Name} (target >= {throughputTimesPeer:F0}: {Met(ratios.ThroughputTimesPeer >= throughputTimesPeer)})"));
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "results.json"), JsonSerializer.Serialize(new
        {
            LoadAverage = loadAverage,
            Targets = figures,
            Ratios = ratios,
            Runs = results.Select(r => new
            {
                r.Name, r.Round, r.Load.Requests, RequestsPerSecond = r.Load.PerSecond, P50Ms = r.Load.Percentile(0.5), P99Ms = r.Load.Percentile(0.99),
                r.EndToEndPerSecond, r.CpuMsPerRequest, DrainSeconds = r.Drain.TotalSeconds, r.RepliesPerRequest, r.ExactlyOne, r.TextOnlyReplies, r.Load.Failures,
                WarmUpSeconds = r.WarmUp.Duration.TotalSeconds, WarmUpRequests = r.WarmUp.Requests, WarmUpSettled = r.WarmUp.Settled,
                WarmUpCpuMsPerRequest = r.WarmUp.CpuMsPerRequestByWindow,
            }),
        }, Indented));

        return ratios is { } r && r.CpuShareOfPeer <= cpuShareOfPeer && r.CpuTimesBare <= 5 && r.ThroughputTimesPeer >= throughputTimesPeer
            && ours!.ExactlyOne && ours.Failures == 0 ? 0 : 1;
    }

    private static string Met(bool met) => met ? "met" : "MISSED";

    internal sealed record TargetFigures(
        string Name, TargetRole Role, int Runs, Spread CpuMsPerRequest, Spread EndToEndPerSecond, Spread AnsweredPerSecond, Spread P99Ms,
        Spread DrainSeconds, bool ExactlyOne, int Failures, bool Settled);

    internal sealed record Ratios(double CpuShareOfPeer, double CpuShareTarget, double CpuTimesBare, double CpuTimesBareTarget, double ThroughputTimesPeer, double ThroughputTarget);
}

/// <summary>The median of a few runs and their range.</summary>
internal sealed record Spread(double Median, double Min, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1]);
    }

    public override string ToString()
    {
        var format = Median >= 100 ? "F0" : Median >= 1 ? "F2" : "F3";
        return $"{Median.ToString(format, CultureInfo.InvariantCulture)} ({Min.ToString(format, CultureInfo.InvariantCulture)}–{Max.ToString(format, CultureInfo.InvariantCulture)})";
    }
}
