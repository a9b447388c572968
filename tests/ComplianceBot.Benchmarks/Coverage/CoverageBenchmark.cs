using System.Diagnostics;
using System.Globalization;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Storage.Embedded;

namespace ComplianceBot.Benchmarks.Coverage;

/// <summary>
/// Coverage on the embedded store for a large organisation. The data set is generated once into
/// artifacts/bench/ and reused; measuring runs in a fresh process so seeding does not count toward memory.
/// </summary>
internal static class CoverageBenchmark
{
    private const int Controls = 1_000, EvidenceItems = 200_000, Attestations = 50_000, Iterations = 15;

    public static async Task<int> RunAsync(string[] args)
    {
        var database = Path.GetFullPath(args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal))
            ?? Path.Combine("artifacts", "bench", $"coverage-{Controls}-{EvidenceItems}-{Attestations}.db"));

        if (!File.Exists(database + ".ready"))
        {
            Console.WriteLine($"Seeding {Controls:N0} controls, {EvidenceItems:N0} evidence records, {Attestations:N0} attestations into {database} …");
            foreach (var stale in Directory.Exists(Path.GetDirectoryName(database)) ? Directory.GetFiles(Path.GetDirectoryName(database)!, Path.GetFileName(database) + "*") : [])
            {
                File.Delete(stale);
            }

            var seeding = Stopwatch.StartNew();
            await CoverageDataset.SeedAsync(new SqliteComplianceStore(database), Controls, EvidenceItems, Attestations);
            await File.WriteAllTextAsync(database + ".ready", "seeded");
            Console.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:F1} s.");
        }

        if (!args.Contains("--measure"))
        {
            // Measure in a fresh process, so the seeding's memory does not count.
            using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, ["coverage", database, "--measure"]) { UseShellExecute = false })!;
            await child.WaitForExitAsync();
            return child.ExitCode;
        }

        var store = new SqliteComplianceStore(database);
        var policy = new CompliancePolicy(Soc2Scope.Everything, TimeZoneInfo.Utc);
        var engine = new CoverageEngine(store, FrameworkCatalog.Default, policy, TimeProvider.System);
        Console.WriteLine($"Store: {await store.CountAsync<Control>():N0} controls, {await store.CountAsync<Evidence>():N0} evidence, {await store.CountAsync<Attestation>():N0} attestations");

        var first = Stopwatch.StartNew();
        var report = await engine.ComputeAsync(CoverageDataset.AsOf);
        first.Stop();
        var timings = new List<double>();
        for (var i = 0; i < Iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            report = await engine.ComputeAsync(CoverageDataset.AsOf);
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }

        timings.Sort();

        // Operating readiness over the twelve months before the as-of day (what the status card and digest show).
        var readiness = new ReadinessEngine(store, FrameworkCatalog.Default, policy, new FixedClock(CoverageDataset.AsOf));
        var operating = await readiness.OperatingAsync();
        var operatingTimings = new List<double>();
        for (var i = 0; i < Iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            operating = await readiness.OperatingAsync();
            operatingTimings.Add(watch.Elapsed.TotalMilliseconds);
        }

        operatingTimings.Sort();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine("controls: " + string.Join(", ", report.Controls.GroupBy(c => c.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"))
            + $"; on average {report.Frameworks[0].Requirements.Average(r => r.ControlIds.Count):F0} controls per Annex A requirement");
        foreach (var f in report.Frameworks)
        {
            Console.WriteLine($"{f.Name}: {f.Percent}% covered ({f.Covered} covered, {f.Partial} partial, {f.Gaps} gaps of {f.InScope})");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"coverage (cold)    {first.Elapsed.TotalMilliseconds,8:F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"coverage (warm)    min {timings[0]:F1} ms, median {timings[timings.Count / 2]:F1} ms, max {timings[^1]:F1} ms over {Iterations} runs"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"operating (warm)   min {operatingTimings[0]:F1} ms, median {operatingTimings[operatingTimings.Count / 2]:F1} ms, max {operatingTimings[^1]:F1} ms over {Iterations} runs ({operating.From:yyyy-MM-dd} to {operating.To:yyyy-MM-dd}, {operating.Operating.Sum(h => h.Periods.Count):N0} control periods; ISO {operating.Frameworks[0].Percent}% ready)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peak working set   {self.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MB; managed heap now {GC.GetTotalMemory(false) / 1024.0 / 1024.0:F0} MB"));
        var withinTargets = timings[timings.Count / 2] < 1000 && operatingTimings[operatingTimings.Count / 2] < 1000 && self.PeakWorkingSet64 < 300L * 1024 * 1024;
        Console.WriteLine(withinTargets ? "targets met: under 1 s and under 300 MB" : "TARGETS MISSED: 1 s / 300 MB");
        return withinTargets ? 0 : 1;
    }
}

/// <summary>The data set's as-of instant, so the operating window matches the generated history.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
