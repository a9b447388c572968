using System.Diagnostics;
using System.Globalization;
using ComplianceBot.Benchmarks.Teams;

namespace ComplianceBot.Benchmarks.Endpoints;

/// <summary>
/// Runs an endpoint benchmark: rounds of every target in a shuffled (seeded) order, each run a fresh process that
/// is warmed until settled, then measured over a fixed number of requests until every reply is delivered.
/// </summary>
internal static class EndpointHarness
{
    public static async Task<List<EndpointResult>> RunAsync(
        IReadOnlyList<EndpointTarget> targets, IEndpointWorkload workload, EndpointSettings settings, string work)
    {
        var random = new Random(settings.Seed);
        var results = new List<EndpointResult>();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{settings.Requests} requests per run, concurrency {settings.Concurrency}, {settings.Rounds} rounds, order seed {settings.Seed}; load average {LoadAverage()}"));
        for (var round = 1; round <= settings.Rounds; round++)
        {
            var order = targets.OrderBy(_ => random.Next()).ToList();
            Console.WriteLine($"round {round}: {string.Join(", ", order.Select(t => t.Name))}");
            foreach (var target in order) results.Add(await RunOnceAsync(target, round, workload, settings, work));
        }

        Console.WriteLine($"load average at the end: {LoadAverage()}");
        return results;
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static async Task<EndpointResult> RunOnceAsync(EndpointTarget target, int round, IEndpointWorkload workload, EndpointSettings settings, string work)
    {
        var folder = Path.Combine(work, $"{target.Name}-{round}");
        Directory.CreateDirectory(folder);
        var port = BenchmarkProcesses.FreePort();
        using var process = target.Start(port, folder);
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60),
            };
            await BenchmarkProcesses.WaitUntilListeningAsync(client, process, target.ReadyPath);
            workload.Forget();

            var warmPhase = $"r{round}w";
            var deliveredBefore = workload.Delivered;
            var warm = await WarmUp.RunAsync(client, process, target, workload, warmPhase, settings.Concurrency, settings.WarmUp);
            if (target.ExpectsReplies) await WaitForAsync(() => workload.Delivered - deliveredBefore >= warm.Requests, TimeSpan.FromSeconds(120), "warm-up", warm.Requests, () => workload.Delivered - deliveredBefore);
            workload.Forget();

            var phase = $"r{round}m";
            deliveredBefore = workload.Delivered;
            var cpuBefore = ProcessCpu.Read(process.Id);
            var clock = Stopwatch.StartNew();
            var load = await LoadGenerator.RunAsync(client, i => workload.Request(target, phase, i), settings.Requests, settings.Concurrency);
            var answered = clock.Elapsed;
            if (target.ExpectsReplies) await WaitForAsync(() => workload.Delivered - deliveredBefore >= settings.Requests, TimeSpan.FromSeconds(180), "measured run", settings.Requests, () => workload.Delivered - deliveredBefore);
            var endToEnd = clock.Elapsed;
            var cpu = ProcessCpu.Read(process.Id) - cpuBefore;
            await Task.Delay(200); // let any duplicate that was on its way arrive before judging "exactly one"
            var replies = (workload.Delivered - deliveredBefore) / (double)settings.Requests;
            var exactlyOne = target.ExpectsReplies && workload.ExactlyOneReplyEach(settings.Requests);
            var textOnly = target.ExpectsReplies ? workload.TextOnlyReplies() : 0;
            workload.Forget();

            var result = new EndpointResult(target.Name, target.Role, round, load, answered, endToEnd, replies, cpu, exactlyOne, textOnly, warm);
            result.Print();
            return result;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan within, string phase, int expected, Func<int> delivered)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition() && deadline.Elapsed < within) await Task.Delay(5);
        if (!condition()) Console.WriteLine($"  {phase}: only {delivered()} of {expected} replies delivered within {within.TotalSeconds} s");
    }
}

internal sealed record EndpointSettings(int Requests, int Concurrency, int Rounds, int Seed, WarmUpSettings WarmUp)
{
    /// <summary>REQUESTS [CONCURRENCY [ROUNDS [SEED]]].</summary>
    public static EndpointSettings Parse(string[] args, int defaultRequests)
    {
        int At(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
        return new EndpointSettings(At(0, defaultRequests), At(1, 32), At(2, 3), At(3, Environment.TickCount & 0xFFFF), WarmUpSettings.Default);
    }
}
