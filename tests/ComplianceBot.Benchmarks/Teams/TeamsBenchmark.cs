using System.Globalization;
using ComplianceBot.Benchmarks.Endpoints;
using ComplianceBot.Fakes;

namespace ComplianceBot.Benchmarks.Teams;

/// <summary>
/// The mixed Teams workload on three endpoints: ComplianceBot's /api/messages (Release build, shipped settings and
/// log level, embedded store seeded with people and control owners), a bot on the official botbuilder SDK
/// (CloudAdapter, JWT validation on; it answers every message with the help card), and a bare ASP.NET endpoint that
/// only checks the token (its own process, Release, the host's runtime settings). A local OpenID issuer signs the
/// tokens and a local Bot Connector receives the replies.
/// Usage: teams [REQUESTS [CONCURRENCY [ROUNDS [SEED]]]].
/// </summary>
internal static class TeamsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = EndpointSettings.Parse(args, 12000);
        var root = BenchmarkProcesses.RepositoryRoot();
        var work = Path.Combine(root, "artifacts", "bench", "teams");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);

        Console.WriteLine("Building the host and the bare endpoint (Release) …");
        var (host, bare) = (Path.Combine(work, "host"), Path.Combine(work, "bare"));
        BenchmarkProcesses.BuildRelease(root, Path.Combine("src", "ComplianceBot.Host"), host);
        BenchmarkProcesses.BuildRelease(root, Path.Combine("tests", "ComplianceBot.Benchmarks.Bare"), bare);
        BenchmarkProcesses.RequireSameRuntimeSettings(Path.Combine(host, "ComplianceBot.Host.runtimeconfig.json"), Path.Combine(bare, "ComplianceBot.Benchmarks.Bare.runtimeconfig.json"));

        await using var issuer = await LocalOpenIdIssuer.StartAsync();
        await using var connector = await FakeBotConnector.StartAsync();
        for (var k = 0; k < WorkloadMix.Users; k++) connector.Emails[TeamsWorkload.UserId(k)] = WorkloadMix.Email(k);
        var controls = WorkloadMix.ControlIds(root);
        var workload = new TeamsWorkload(connector, "Bearer " + issuer.ChannelToken(connector.ServiceUrl), controls);
        var bootstrap = WorkloadMix.Bootstrap(controls);
        Console.WriteLine($"workload: {WorkloadMix.Description}; the peer answers each with the help card");

        EndpointTarget[] targets =
        [
            new("compliancebot", TargetRole.Ours, (port, folder) => BenchmarkProcesses.Start("dotnet", [Path.Combine(host, "ComplianceBot.Host.dll")], folder, new Dictionary<string, string>(bootstrap)
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_CONTENTROOT"] = host, // its appsettings.json (the shipped log levels) is read from there
                ["Urls"] = $"http://127.0.0.1:{port}",
                ["Storage__EmbeddedPath"] = Path.Combine(folder, "bot.db"),
                ["Evidence__LocalPath"] = Path.Combine(folder, "evidence"),
                ["Teams__AppId"] = LocalOpenIdIssuer.AppId,
                ["Teams__AppPassword"] = "benchmark-only",
                ["Teams__OpenIdMetadataUrl"] = issuer.BotFrameworkMetadataUrl,
                ["Teams__TokenEndpoint"] = connector.TokenEndpoint,
            }), "/api/messages"),
            new("botbuilder", TargetRole.Peer, (port, folder) => BenchmarkProcesses.Start("node", [Path.Combine(root, "tests", "js", "peer-botbuilder.js"), Port(port),
                LocalOpenIdIssuer.AppId, issuer.BotFrameworkMetadataUrl, connector.TokenEndpoint, Path.Combine(root, "cards")], folder, []), "/api/messages"),
            new("bare-aspnet", TargetRole.Bare, (port, folder) => BenchmarkProcesses.Start("dotnet", [Path.Combine(bare, "ComplianceBot.Benchmarks.Bare.dll"), "teams", Port(port),
                LocalOpenIdIssuer.AppId, issuer.BotFrameworkMetadataUrl], folder, []), "/api/messages"),
        ];

        var loadAverage = EndpointHarness.LoadAverage();
        var results = await EndpointHarness.RunAsync(targets, workload, settings, work);
        return await EndpointSummary.ReportAsync(results, cpuShareOfPeer: 1 / 5.0, throughputTimesPeer: 5, work, $"{loadAverage} at the start, {EndpointHarness.LoadAverage()} at the end");
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
