using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Records;
using ComplianceBot.Storage.Embedded;

namespace ComplianceBot.IntegrationTests.Teams;

/// <summary>
/// End to end with the real Microsoft 365 Agents Playground: the host runs as a process in development mode
/// (as the README's run command starts it), the playground talks to it, and a script drives risk intake,
/// an attestation and an evidence upload through the playground's own API.
/// </summary>
public sealed class PlaygroundTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly List<Process> processes = [];

    [Fact]
    public async Task Risk_intake_attestation_and_evidence_upload_work_through_the_playground()
    {
        var botPort = FreePort();
        var playgroundPort = FreePort();
        var bot = Start("dotnet", [typeof(Program).Assembly.Location], new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Urls"] = $"http://127.0.0.1:{botPort}",
            ["Storage__EmbeddedPath"] = Path.Combine(folder.Path, "bot.db"),
            ["Evidence__LocalPath"] = Path.Combine(folder.Path, "evidence"),
            ["Teams__AllowUnauthenticated"] = "true",
            ["Bootstrap__People__0__Email"] = "alexw@example.com",
            ["Bootstrap__People__0__DisplayName"] = "Alex Wilber",
            ["Bootstrap__People__0__Owns__0"] = "AC-01",
        });
        await WaitForAsync($"http://127.0.0.1:{botPort}/healthz", bot);
        var playground = Start("node", [Path.Combine(RepositoryPaths.JsTools, "playground.js"),
            "-e", $"http://127.0.0.1:{botPort}/api/messages", "-c", "msteams", "-p", playgroundPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--disable-telemetry"], []);
        await WaitForAsync($"http://127.0.0.1:{playgroundPort}/_internal/v1/config", playground);

        var evidence = Path.Combine(folder.Path, "access-review-q4.pdf");
        await File.WriteAllTextAsync(evidence, "%PDF-1.4 quarterly access review, all grants approved");
        var output = await RepositoryPaths.RunNodeAsync("playground-flows.js", $"http://127.0.0.1:{playgroundPort}", evidence);
        var report = JsonNode.Parse(output)!;

        Assert.Equal("Hi Alex, I'm ComplianceBot", report["help"]!.GetValue<string>());
        Assert.Contains("• Give the risk a title of at least 5 characters.", report["riskErrors"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal("RISK-0001 raised", report["riskSaved"]!.GetValue<string>());
        Assert.Equal(0, report["attestedActions"]!.GetValue<int>());
        Assert.StartsWith("AC-01 attested for ", report["attested"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Filed access-review-q4.pdf for AC-01", report["filed"]!.GetValue<string>());

        var store = new SqliteComplianceStore(Path.Combine(folder.Path, "bot.db"));
        Assert.Equal("alexw@example.com", (await store.FindAsync<Risk>("RISK-0001"))!.Document.OwnerId);
        Assert.Equal(AttestationResult.Operating, (await store.ListAttestationsForControlAsync("AC-01")).Single().Result);
        Assert.Equal("access-review-q4.pdf", (await store.ListEvidenceForControlAsync("AC-01")).Single().FileName);
    }

    public void Dispose()
    {
        foreach (var process in processes)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        folder.Dispose();
    }

    private Process Start(string file, IEnumerable<string> arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        processes.Add(process);
        return process;
    }

    private static async Task WaitForAsync(string url, Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode} before {url} answered.");
            try
            {
                if ((await http.GetAsync(new Uri(url))).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            Thread.Sleep(200);
        }

        throw new TimeoutException($"{url} did not answer within 60 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
