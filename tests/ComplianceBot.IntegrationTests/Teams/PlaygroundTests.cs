using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Records;
using ComplianceBot.Storage.Embedded;

namespace ComplianceBot.IntegrationTests.Teams;

/// <summary>
/// End to end with the real Microsoft 365 Agents Playground: the host runs as a process in development mode
/// (as the README's run command starts it), the playground talks to it, and a script drives risk intake,
/// an attestation, an evidence upload and an evidence review through the playground's own API.
/// </summary>
public sealed class PlaygroundTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly List<Process> processes = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output = new();

    [Fact]
    public async Task Risk_intake_attestation_evidence_upload_and_EvidenceReview_work_through_the_playground()
    {
        // Olive handed in evidence for AC-01 (dated in the quarter AC-01 is attested for): it waits for its reviewer.
        var quarter = Core.Periods.ReportingPeriod.LatestClosed(Cadence.Quarterly, DateOnly.FromDateTime(DateTime.UtcNow));
        using (var seed = new SqliteComplianceStore(Path.Combine(folder.Path, "bot.db")))
        {
            await seed.CreateAsync(new Person { Id = "olive@example.com", Email = "olive@example.com", DisplayName = "Olive Owner" });
            await seed.CreateAsync(new Evidence
            {
                Id = "EV-OLIVE-ACCESS-REVIEW", ControlIds = ["AC-01"], FileName = "access-grants.csv", SizeBytes = 120, ContentType = "text/csv",
                Sha256 = new string('b', 64), StorageKey = "sha256/bb/" + new string('b', 64), EffectiveOn = quarter.End.AddDays(-3),
                UploadedAt = DateTimeOffset.UtcNow.AddHours(-2), UploadedBy = "olive@example.com", Review = EvidenceReview.Submitted,
            });
        }

        var playgroundPort = await StartAsync(new Dictionary<string, string>
        {
            ["Bootstrap__People__0__Email"] = "alexw@example.com",
            ["Bootstrap__People__0__DisplayName"] = "Alex Wilber",
            ["Bootstrap__People__0__Owns__0"] = "AC-01",
            ["Bootstrap__People__0__Reviews__0"] = "AC-01",
            ["Compliance__StartDate"] = "2025-01-01", // controls run since 2025: the last quarter is asked for
        });

        var evidence = Path.Combine(folder.Path, "access-review-q4.pdf");
        await File.WriteAllTextAsync(evidence, "%PDF-1.4 quarterly access review, all grants approved");
        var flows = await FlowsAsync(playgroundPort, evidence);

        var report = JsonNode.Parse(flows)!;

        Assert.Equal("Hi Alex, I'm ComplianceBot", report["help"]!.GetValue<string>());
        Assert.Contains("Give the risk a title of at least 5 characters.", report["riskErrors"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal("RISK-0001 raised", report["riskSaved"]!.GetValue<string>());
        Assert.Equal(1, report["attestedActions"]!.GetValue<int>()); // no answer buttons left; the offer to upload the missing evidence
        Assert.StartsWith("AC-01 attested for ", report["attested"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Filed access-review-q4.pdf for AC-01", report["filed"]!.GetValue<string>());
        Assert.StartsWith("Nobody can review it yet", report["filedReview"]!.GetValue<string>(), StringComparison.Ordinal); // Alex reviews AC-01, not his own file

        // EvidenceReview: Olive's file is in Alex's tasks; he opens it, approves it, and the card keeps no buttons.
        Assert.Equal(1, report["reviewsWaiting"]!.GetValue<int>());
        Assert.Equal(["evidence.approve", "evidence.reject"], report["reviewActions"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.StartsWith("Approved by Alex Wilber. It now counts for AC-01.", report["reviewOutcome"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, report["reviewActionsAfter"]!.GetValue<int>());

        var store = new SqliteComplianceStore(Path.Combine(folder.Path, "bot.db"));
        Assert.Equal("alexw@example.com", (await store.FindAsync<Risk>("RISK-0001"))!.Document.OwnerId);
        Assert.Equal(AttestationResult.Operating, (await store.ListAttestationsForControlAsync("AC-01")).Single().Result);
        var filed = (await store.ListEvidenceForControlAsync("AC-01")).ToDictionary(e => e.FileName);
        Assert.Equal(EvidenceReview.Submitted, filed["access-review-q4.pdf"].Review);
        Assert.Equal((EvidenceReview.Approved, "alexw@example.com"), (filed["access-grants.csv"].Review, filed["access-grants.csv"].ReviewedBy));

        // Alex attested AC-01 for that quarter; with Olive's evidence approved, AC-01 is effective.
        var engine = new Core.Coverage.CoverageEngine(store, Core.Frameworks.FrameworkCatalog.Default, Core.Periods.CompliancePolicy.Default, TimeProvider.System);
        Assert.Equal(Core.Coverage.ControlState.Effective, (await engine.ComputeAsync()).Controls.Single(c => c.ControlId == "AC-01").State);
    }

    [Fact]
    public async Task DayOne_a_person_nobody_added_says_hi_gets_help_raises_a_risk_and_sees_their_tasks()
    {
        // Nobody is configured: the playground's user is a stranger to the store, but of the organisation.
        var playgroundPort = await StartAsync([]);
        var report = JsonNode.Parse(await FlowsAsync(playgroundPort, "--day-one"))!;

        Assert.Equal("Hi Alex, I'm ComplianceBot", report["help"]!.GetValue<string>());
        Assert.Contains("risk", report["helpCommands"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("RISK-0001 raised", report["riskSaved"]!.GetValue<string>());
        Assert.Contains("Nothing open. Thank you!", report["tasks"]!.AsArray().Select(t => t!.GetValue<string>()));

        using var store = new SqliteComplianceStore(Path.Combine(folder.Path, "bot.db"));
        var alex = (await store.FindAsync<Person>("alexw@example.com"))!.Document;
        Assert.Equal(("Alex Wilber", 0), (alex.DisplayName, alex.Roles.Count));
        Assert.Equal(Platforms.Teams, Assert.Single(alex.ChatIdentities).Platform);
        Assert.Equal("alexw@example.com", (await store.FindAsync<Risk>("RISK-0001"))!.Document.RaisedBy);
        var enrolled = new List<AuditEvent>();
        await foreach (var e in store.StreamAuditTrailAsync()) if (e.Action == "person.enrolled") enrolled.Add(e);
        Assert.Equal("alexw@example.com", Assert.Single(enrolled).EntityId);
    }

    /// <summary>Starts the host (development profile, as the README runs it) and the playground in front of it; returns the playground's port.</summary>
    private async Task<int> StartAsync(Dictionary<string, string> settings)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var botPort = FreePort();
        var playgroundPort = FreePort();
        var environment = new Dictionary<string, string>(settings)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Urls"] = $"http://127.0.0.1:{botPort}",
            ["Storage__EmbeddedPath"] = Path.Combine(folder.Path, "bot.db"),
            ["Evidence__LocalPath"] = Path.Combine(folder.Path, "evidence"),
            ["Teams__AllowUnauthenticated"] = "true",
        };
        var bot = Start("dotnet", [typeof(Program).Assembly.Location], environment);
        await WaitForAsync($"http://127.0.0.1:{botPort}/healthz", bot);
        var playground = Start("node", [Path.Combine(RepositoryPaths.JsTools, "playground.js"),
            "-e", $"http://127.0.0.1:{botPort}/api/messages", "-c", "msteams", "-p", playgroundPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--disable-telemetry"], []);
        await WaitForAsync($"http://127.0.0.1:{playgroundPort}/_internal/v1/config", playground);

        return playgroundPort;
    }

    private async Task<string> FlowsAsync(int playgroundPort, string argument)
    {
        try
        {
            return await RepositoryPaths.RunNodeAsync("playground-flows.js", $"http://127.0.0.1:{playgroundPort}", argument);
        }
        catch (InvalidOperationException failed)
        {
            throw new InvalidOperationException($"{failed.Message}\nThe bot and the playground said:\n{string.Join('\n', output.TakeLast(60))}", failed);
        }
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
        // Kept to explain a failure: what the processes said.
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) output.Enqueue(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) output.Enqueue(line); };
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
