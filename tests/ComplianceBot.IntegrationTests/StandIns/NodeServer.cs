using System.Diagnostics;

namespace ComplianceBot.IntegrationTests.StandIns;

/// <summary>
/// A server run by Node from tests/js for the length of a test collection. Its standard input stays open while
/// the test run lives (the scripts exit when it closes), and disposing kills the process tree.
/// </summary>
public sealed class NodeServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];

    private NodeServer(Process process) => this.process = process;

    public static async Task<NodeServer> StartAsync(
        string script, IEnumerable<string> arguments, IDictionary<string, string> environment, Func<string, bool> ready, string workingDirectory)
    {
        if (!Directory.Exists(Path.Combine(RepositoryPaths.JsTools, "node_modules")))
            throw new InvalidOperationException($"Node packages are missing: run `npm ci --prefix {RepositoryPaths.JsTools}` (tests/run-all.sh does).");
        var start = new ProcessStartInfo("node", [Path.Combine(RepositoryPaths.JsTools, script), .. arguments])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var server = new NodeServer(Process.Start(start)!);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (server.output) server.output.Add(e.Data);
            if (ready(e.Data)) listening.TrySetResult(e.Data);
        };
        server.process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (server.output) server.output.Add(e.Data);
        };
        server.process.EnableRaisingEvents = true;
        server.process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
            $"node {script} exited with {server.process.ExitCode}: {server.Output}"));
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        try
        {
            server.ReadyLine = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The line that said the server is ready.</summary>
    public string ReadyLine { get; private set; } = "";

    public string Output
    {
        get
        {
            lock (output) return string.Join(Environment.NewLine, output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }
}
