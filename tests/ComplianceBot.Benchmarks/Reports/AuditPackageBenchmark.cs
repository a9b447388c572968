using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using ComplianceBot.Benchmarks.Coverage;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reports;
using ComplianceBot.Storage.Embedded;
using ComplianceBot.Storage.LocalFolder;

namespace ComplianceBot.Benchmarks.Reports;

/// <summary>
/// The audit package for a large organisation, over HTTP from the Release host: 1,000 controls, 200,000 evidence
/// records with their files (1–4 KB each, in the local evidence folder) and 50,000 attestations, packaged for SOC 2
/// over the twelve months to October 2026. The host's private memory must stay under 256 MB while the package streams
/// (sampled; the resident high-water mark, file-backed pages included, is printed beside it); each run's package is
/// checked with the verifier.
/// Usage: audit-package [ROUNDS].
/// </summary>
internal static class AuditPackageBenchmark
{
    private const int Controls = 1_000, EvidenceItems = 200_000, Attestations = 50_000;
    private const long Budget = 256L * 1024 * 1024;
    private const string PackagePath = "/api/reports/audit-package.zip?framework=soc2&from=2025-11-01&to=2026-10-31";

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var root = BenchmarkProcesses.RepositoryRoot();
        var data = Path.Combine(root, "artifacts", "bench", $"package-{Controls}-{EvidenceItems}-{Attestations}");
        await SeedOnceAsync(data);

        var work = Path.Combine(root, "artifacts", "bench", "package-run");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        Console.WriteLine("Building the host (Release) …");
        var host = Path.Combine(work, "host");
        BenchmarkProcesses.BuildRelease(root, Path.Combine("src", "ComplianceBot.Host"), host);

        var results = new List<(double Seconds, long Bytes, long PeakBytes, int Files)>();
        for (var round = 1; round <= rounds; round++)
        {
            // A fresh host each round: its peak memory is that of one package (and its own start), not of the ones before.
            var port = BenchmarkProcesses.FreePort();
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            using var process = BenchmarkProcesses.Start("dotnet", [Path.Combine(host, "ComplianceBot.Host.dll")], work, new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_CONTENTROOT"] = host,
                ["Urls"] = $"http://127.0.0.1:{port}",
                ["Storage__EmbeddedPath"] = Path.Combine(data, "store.db"),
                ["Evidence__LocalPath"] = Path.Combine(data, "evidence"),
                ["Compliance__SeedStarterLibrary"] = "false",
                ["Api__Key"] = key,
            });
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(20) };
                await WaitUntilReadyAsync(client, process);
                var startPeak = PeakResident(process);
                client.DefaultRequestHeaders.Authorization = new("Bearer", key);
                var target = Path.Combine(work, $"package-{round}.zip");
                using var sampling = new CancellationTokenSource();
                var sampler = SampleAsync(process, sampling.Token);
                var watch = Stopwatch.StartNew();
                using (var response = await client.GetAsync(new Uri(PackagePath, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead))
                {
                    response.EnsureSuccessStatusCode();
                    await using var file = File.Create(target);
                    await response.Content.CopyToAsync(file);
                }

                watch.Stop();
                await sampling.CancelAsync();
                var (privatePeak, filePeak) = await sampler;
                var peak = PeakResident(process);
                var check = AuditPackageVerifier.Verify(target);
                if (!check.Intact) throw new InvalidOperationException($"Package {round} is not intact: {string.Join("; ", check.Problems.Take(3))}");
                var bytes = new FileInfo(target).Length;
                results.Add((watch.Elapsed.TotalSeconds, bytes, privatePeak, check.FilesChecked + 1));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: {check.FilesChecked + 1:N0} files, {bytes / 1048576.0:F0} MB in {watch.Elapsed.TotalSeconds:F1} s; host peak private memory {privatePeak / 1048576.0:F0} MB, file-backed {filePeak / 1048576.0:F0} MB (assemblies and the mapped store file), resident high-water mark {peak / 1048576.0:F0} MB (after start {startPeak / 1048576.0:F0} MB); verified intact"));
                File.Delete(target);
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        var seconds = results.Select(r => r.Seconds).Order().ToList();
        var peaks = results.Select(r => r.PeakBytes).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"audit package: median {seconds[seconds.Count / 2]:F1} s for {results[0].Files:N0} files ({results[0].Bytes / 1048576.0:F0} MB); host peak private memory median {peaks[peaks.Count / 2] / 1048576.0:F0} MB, max {peaks[^1] / 1048576.0:F0} MB"));
        var met = peaks[^1] < Budget;
        Console.WriteLine(met ? "target met: every run under 256 MB" : "TARGET MISSED: 256 MB");
        return met ? 0 : 1;
    }

    /// <summary>The coverage benchmark's organisation without its evidence, then 200,000 evidence records whose files exist.</summary>
    private static async Task SeedOnceAsync(string data)
    {
        if (File.Exists(Path.Combine(data, "ready"))) return;
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        Directory.CreateDirectory(data);
        Console.WriteLine($"Seeding {Controls:N0} controls, {Attestations:N0} attestations and {EvidenceItems:N0} evidence files into {data} …");
        var watch = Stopwatch.StartNew();
        var store = new SqliteComplianceStore(Path.Combine(data, "store.db"));
        await CoverageDataset.SeedAsync(store, Controls, 0, Attestations);
        var contents = new LocalFolderEvidenceStore(Path.Combine(data, "evidence"));
        var random = new Random(7);
        var today = DateOnly.FromDateTime(CoverageDataset.AsOf.UtcDateTime);
        var batch = new List<Evidence>(10_000);
        for (var i = 0; i < EvidenceItems; i++)
        {
            var content = new byte[random.Next(1024, 4096)];
            random.NextBytes(content);
            var sha = Convert.ToHexStringLower(SHA256.HashData(content));
            var control = $"BEN-{random.Next(Controls):D4}";
            var key = await contents.PutAsync(new MemoryStream(content), sha, new EvidenceContentInfo("application/pdf", control, "owner@example.com"));
            var effective = today.AddDays(-random.Next(0, 730));
            batch.Add(new Evidence
            {
                Id = $"EV-{i:D8}",
                ControlIds = [control],
                FileName = $"evidence-{i}.pdf",
                SizeBytes = content.Length,
                ContentType = "application/pdf",
                Sha256 = sha,
                StorageKey = key,
                EffectiveOn = effective,
                UploadedAt = CoverageDataset.AsOf.AddDays(-random.Next(0, 730)),
                UploadedBy = "owner@example.com",
                Review = random.Next(20) == 0 ? EvidenceReview.Rejected : EvidenceReview.Approved,
            });
            if (batch.Count == batch.Capacity)
            {
                await store.ImportAsync(batch);
                batch.Clear();
                Console.Write($"\r  {i + 1:N0} evidence files");
            }
        }

        await store.ImportAsync(batch);
        await File.WriteAllTextAsync(Path.Combine(data, "ready"), "seeded");
        Console.WriteLine($"\rSeeded in {watch.Elapsed.TotalSeconds:F0} s.                ");
    }

    private static async Task WaitUntilReadyAsync(HttpClient client, Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited) throw new InvalidOperationException($"The host exited with {process.ExitCode}.");
            try
            {
                using var response = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The host was not ready within 120 s.");
    }

    /// <summary>
    /// The highest private (anonymous: heap, stacks, native buffers) and file-backed resident memory seen while the
    /// package streams, sampled every 20 ms. File-backed pages (the assemblies, the store file SQLite maps for reads)
    /// are the kernel's page cache, shared and dropped under pressure; private memory is what the package costs.
    /// </summary>
    private static async Task<(long Private, long File)> SampleAsync(Process process, CancellationToken cancellationToken)
    {
        long anon = 0, file = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            {
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = Math.Max(anon, Kilobytes(line) * 1024);
                else if (line.StartsWith("RssFile:", StringComparison.Ordinal)) file = Math.Max(file, Kilobytes(line) * 1024);
            }

            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return (anon, file);
    }

    private static long Kilobytes(string statusLine) =>
        long.Parse(statusLine[(statusLine.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>The process's peak resident set (VmHWM) from /proc.</summary>
    private static long PeakResident(Process process)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
