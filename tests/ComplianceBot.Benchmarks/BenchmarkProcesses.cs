using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace ComplianceBot.Benchmarks;

/// <summary>Starting the processes a benchmark compares, and finding the repository.</summary>
internal static class BenchmarkProcesses
{
    public static async Task WaitUntilListeningAsync(HttpClient client, Process process, string path)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited) throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode}.");
            try
            {
                using var response = await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent("{}"));
                return; // any HTTP answer (401 here) means it is serving
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("The endpoint did not start listening within 60 s.");
    }

    public static Process Start(string file, string[] arguments, string directory, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start)!;
        // What the process logs is kept beside its data, to look into a run afterwards.
        var log = TextWriter.Synchronized(new StreamWriter(Path.Combine(directory, "stdout.log")) { AutoFlush = false });
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) log.WriteLine(line); };
        process.Exited += (_, _) => log.Dispose();
        process.EnableRaisingEvents = true;
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine($"  [{Path.GetFileName(file)}] {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static void Run(string file, string[] arguments, string directory)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = directory })!;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed with {process.ExitCode}.");
    }

    /// <summary>Builds a project in Release into <paramref name="output"/>.</summary>
    public static void BuildRelease(string root, string project, string output) =>
        Run("dotnet", ["build", Path.Combine(root, project), "-c", "Release", "-o", output, "--nologo", "-v", "q"], root);

    /// <summary>
    /// Refuses to measure when the bare endpoint would run with other garbage collector, JIT or thread pool
    /// settings than the host (the runtime knobs in each build's runtimeconfig.json); prints the settings.
    /// </summary>
    public static void RequireSameRuntimeSettings(string hostConfig, string bareConfig)
    {
        static Dictionary<string, string> Knobs(string file) =>
            (JsonNode.Parse(File.ReadAllText(file))?["runtimeOptions"]?["configProperties"] as JsonObject ?? [])
                .Where(p => p.Key.StartsWith("System.GC.", StringComparison.Ordinal) || p.Key.StartsWith("System.Runtime.Tiered", StringComparison.Ordinal)
                    || p.Key.StartsWith("System.Threading.ThreadPool.", StringComparison.Ordinal) || p.Key == "System.Globalization.Invariant")
                .ToDictionary(p => p.Key, p => p.Value?.ToJsonString() ?? "null", StringComparer.Ordinal);

        var (host, bare) = (Knobs(hostConfig), Knobs(bareConfig));
        if (host.Count != bare.Count || host.Any(k => !bare.TryGetValue(k.Key, out var v) || v != k.Value))
        {
            throw new InvalidOperationException($"The bare endpoint's runtime settings ({string.Join(", ", bare)}) differ from the host's ({string.Join(", ", host)}).");
        }

        Console.WriteLine($"Host and bare endpoint runtime settings: {string.Join(", ", host.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}={k.Value}"))}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComplianceBot.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }
}
