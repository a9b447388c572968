using System.Diagnostics;
using System.Globalization;
using ComplianceBot.Benchmarks.Teams;

namespace ComplianceBot.Benchmarks.Endpoints;

/// <summary>
/// Warms a target until it has settled: load in windows of a fixed length, the CPU time per completed request
/// (per reply delivered where the target replies) of each window compared with the previous one. Settled is a
/// window no more than <see cref="WarmUpSettings.Tolerance"/> below the previous after the minimum time; the
/// maximum time ends it regardless (reported as not settled).
/// </summary>
internal static class WarmUp
{
    public static async Task<WarmUpReport> RunAsync(
        HttpClient client, Process process, EndpointTarget target, IEndpointWorkload workload, string phase, int concurrency, WarmUpSettings settings)
    {
        var clock = Stopwatch.StartNew();
        var windows = new List<double>();
        var sent = 0;
        while (true)
        {
            var (cpuBefore, deliveredBefore, offset) = (ProcessCpu.Read(process.Id), workload.Delivered, sent);
            var (count, _) = await LoadGenerator.RunForAsync(client, i => workload.Request(target, phase, offset + i), settings.Window, concurrency);
            sent += count;
            var done = target.ExpectsReplies ? workload.Delivered - deliveredBefore : count;
            windows.Add((ProcessCpu.Read(process.Id) - cpuBefore).TotalMilliseconds / Math.Max(1, done));
            if (clock.Elapsed >= settings.Maximum) return new WarmUpReport(clock.Elapsed, sent, windows, Settled: false);
            if (clock.Elapsed >= settings.Minimum && windows.Count >= 2 && windows[^1] >= windows[^2] * (1 - settings.Tolerance))
                return new WarmUpReport(clock.Elapsed, sent, windows, Settled: true);
        }
    }
}

internal sealed record WarmUpSettings(TimeSpan Window, TimeSpan Minimum, TimeSpan Maximum, double Tolerance)
{
    public static WarmUpSettings Default { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(40), 0.03);
}

internal sealed record WarmUpReport(TimeSpan Duration, int Requests, IReadOnlyList<double> CpuMsPerRequestByWindow, bool Settled)
{
    public override string ToString()
    {
        var windows = string.Join(' ', CpuMsPerRequestByWindow.Select(w => w.ToString("F3", CultureInfo.InvariantCulture)));
        return string.Create(CultureInfo.InvariantCulture,
            $"warm-up {Duration.TotalSeconds:F0} s, {Requests} requests, {(Settled ? "settled" : "NOT settled")}; CPU ms/request by window: {windows}");
    }
}
