using System.Diagnostics;
using System.Globalization;
using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Records;
using ComplianceBot.Storage.Embedded;

namespace ComplianceBot.Benchmarks.Inbox;

/// <summary>
/// What the durable inbox costs the embedded store per message, without HTTP or conversations: N activity-sized
/// events accepted by 32 concurrent senders and processed by a handler that does nothing, then N point reads.
/// Reports CPU time per event (accept and done) and per read.
/// </summary>
internal static class InboxBenchmark
{
    private const int Senders = 32;

    public static async Task<int> RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var folder = Path.Combine(Path.GetTempPath(), "compliancebot-inbox-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var store = new SqliteComplianceStore(Path.Combine(folder, "bench.db"));
            using var journal = new EmbeddedInbox(Path.Combine(folder, "bench.db.inbox"), TimeProvider.System);
            var inbox = new DurableInbox(journal, TimeProvider.System);
            var handler = new CountingHandler();
            using var stop = new CancellationTokenSource();
            var processing = inbox.RunAsync(new Dictionary<string, IInboxHandler> { ["bench"] = handler }, handler.Finished, stop.Token);
            var payload = new string('x', 1100);

            await SendAsync(inbox, payload, "warm", 5_000);
            await handler.WaitForAsync(5_000);

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await SendAsync(inbox, payload, "run", total);
            await handler.WaitForAsync(5_000 + total);
            var perEvent = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / total;
            var rate = total / clock.Elapsed.TotalSeconds;

            // Point reads: each of many people once (from the file), then one person again and again (kept by the
            // store between writes).
            var readers = Enumerable.Range(0, Math.Min(total, 10_000)).Select(k => $"reader-{k}@example.com").ToList();
            await store.ImportAsync(readers.Select(email => new Person { Id = Person.IdFor(email), Email = email, DisplayName = "Reader" }));
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            await Parallel.ForEachAsync(readers, new ParallelOptions { MaxDegreeOfParallelism = Senders }, async (email, ct) =>
                await store.FindAsync<Person>(Person.IdFor(email), ct));
            var perFirstRead = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / readers.Count;
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            await Parallel.ForAsync(0, total, new ParallelOptions { MaxDegreeOfParallelism = Senders }, async (_, ct) =>
                await store.FindAsync<Person>(Person.IdFor(readers[0]), ct));
            var perRead = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / total;

            await stop.CancelAsync();
            await processing;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"inbox: {total} events at {rate:F0}/s, CPU {perEvent:F0} µs per event (accept + done); point read CPU {perFirstRead:F0} µs from the file, {perRead:F1} µs when read again"));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static Task SendAsync(DurableInbox inbox, string payload, string run, int count) =>
        Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Senders }, async (i, ct) =>
            await inbox.AcceptAsync("bench", $"a:conversation-{i % 256}:{run}-{i}", payload, $"a:conversation-{i % 256}", ct));

    private sealed class CountingHandler : IInboxHandler
    {
        private int done;

        public string Platform => "bench";

        public Task HandleAsync(InboxItem item, CancellationToken cancellationToken) => Task.CompletedTask;

        /// <summary>Counts events marked done in the store (the outcome is reported after that write).</summary>
        public void Finished(InboxOutcome outcome)
        {
            if (outcome.State == InboxState.Done) Interlocked.Increment(ref done);
        }

        public async Task WaitForAsync(int count)
        {
            while (Volatile.Read(ref done) < count) await Task.Delay(5);
        }
    }
}
