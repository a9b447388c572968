using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Storage.Cosmos;
using ComplianceBot.Storage.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceBot.Benchmarks.StoreHotPath;

/// <summary>
/// The chat hot path of an attestation, on each store: load the person, then AttestationBook.AnswerAsync (load
/// the control, save the attestation with its ETag, append the hash-chained audit event). Runs a fixed number
/// of operations at concurrency 1 and at a higher concurrency against the embedded SQLite store and against
/// the Cosmos DB-compatible server from tests/js, and prints operations/s with p50 and p99 latency.
/// </summary>
internal static class StoreHotPathBenchmark
{
    private const int Controls = 100;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var operations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
        var root = RepositoryRoot();
        var work = Path.Combine(root, "artifacts", "bench", "store-hotpath");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);

        Console.WriteLine($"Chat hot path (load person, load control, save attestation, append audit event): {operations} operations per run, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"store",-14} {"concurrency",11} {"ops/s",8} {"p50 ms",8} {"p99 ms",8}");
        var results = new List<object>();

        using (var sqlite = new SqliteComplianceStore(Path.Combine(work, "hotpath.db")))
        {
            foreach (var level in new[] { 1, concurrency })
            {
                results.Add(await RunOneAsync("sqlite", sqlite, operations, level, $"s{level}"));
            }
        }

        using var server = await CosmosStandIn.StartAsync(root);
        foreach (var level in new[] { 1, concurrency })
        {
            var store = new CosmosComplianceStore(server.Client, CosmosStandIn.Settings($"hotpath-{level}"));
            await store.InitializeAsync();
            results.Add(await RunOneAsync("cosmos-server", store, operations, level, $"c{level}"));
        }

        await File.WriteAllTextAsync(Path.Combine(work, "results.json"), JsonSerializer.Serialize(results, Indented));
        Console.WriteLine($"Results: {Path.Combine(work, "results.json")}");
        return 0;
    }

    private static async Task<object> RunOneAsync(string name, IComplianceStore store, int operations, int concurrency, string prefix)
    {
        var time = TimeProvider.System;
        var book = new AttestationBook(store, new AuditTrail(store, time), CompliancePolicy.Default, time);
        for (var c = 0; c < Controls; c++)
        {
            var person = $"owner{c:D3}-{prefix}@example.com";
            await store.UpsertAsync(new Person { Id = person, Email = person, DisplayName = $"Owner {c}" });
            await store.UpsertAsync(new Control
            {
                Id = $"{prefix.ToUpperInvariant()}-{c:D3}", Name = $"Control {c}", Objective = "o", AttestationQuestion = "q?", OwnerId = person,
            });
        }

        async Task OperationAsync(int i)
        {
            var c = i % Controls;
            var person = (await store.FindAsync<Person>($"owner{c:D3}-{prefix}@example.com"))!.Document;
            await book.AnswerAsync(new AttestationAnswer($"{prefix.ToUpperInvariant()}-{c:D3}", person.Id, AttestationResult.Operating, $"answer {i}", []));
        }

        await RunAsync(OperationAsync, Math.Min(200, operations), concurrency); // warm-up: JIT, connections, caches
        var (elapsed, latencies) = await RunAsync(OperationAsync, operations, concurrency);
        var perSecond = operations / elapsed.TotalSeconds;
        var p50 = Percentile(latencies, 0.50);
        var p99 = Percentile(latencies, 0.99);
        Console.WriteLine($"{name,-14} {concurrency,11} {perSecond,8:F0} {p50,8:F2} {p99,8:F2}");
        return new { Store = name, Concurrency = concurrency, Operations = operations, OperationsPerSecond = perSecond, P50Ms = p50, P99Ms = p99 };
    }

    private static async Task<(TimeSpan Elapsed, double[] SortedLatenciesMs)> RunAsync(Func<int, Task> operation, int total, int concurrency)
    {
        var latencies = new double[total];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        clock.Stop();
        Array.Sort(latencies);
        return (clock.Elapsed, latencies);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComplianceBot.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }

    /// <summary>tests/js/cosmos-server.js on a free loopback port, for as long as the benchmark runs.</summary>
    private sealed class CosmosStandIn : IDisposable
    {
        private readonly Process process;

        private CosmosStandIn(Process process, Uri endpoint)
        {
            this.process = process;
            Client = CosmosClients.Create(endpoint, Convert.ToBase64String(Encoding.UTF8.GetBytes("benchmark-key")), null,
                Settings("unused"), TimeProvider.System, NullLoggerFactory.Instance);
        }

        public Microsoft.Azure.Cosmos.CosmosClient Client { get; }

        public static CosmosStoreSettings Settings(string database) => new() { Database = database, GatewayMode = true };

        public static async Task<CosmosStandIn> StartAsync(string root)
        {
            var script = Path.Combine(root, "tests", "js", "cosmos-server.js");
            if (!Directory.Exists(Path.Combine(root, "tests", "js", "node_modules")))
                throw new InvalidOperationException("Run `npm ci --prefix tests/js` (or bash tests/run-all.sh) first.");
            var process = Process.Start(new ProcessStartInfo("node", [script])
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(script)!,
            })!;
            var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))
                ?? throw new InvalidOperationException("cosmos-server.js exited: " + await process.StandardError.ReadToEndAsync());
            var port = JsonDocument.Parse(ready).RootElement.GetProperty("port").GetInt32();
            return new CosmosStandIn(process, new Uri($"http://127.0.0.1:{port}/"));
        }

        public void Dispose()
        {
            Client.Dispose();
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
            process.Dispose();
        }
    }
}
