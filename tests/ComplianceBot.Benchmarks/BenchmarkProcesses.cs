using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

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
        process.OutputDataReceived += (_, _) => { };
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
