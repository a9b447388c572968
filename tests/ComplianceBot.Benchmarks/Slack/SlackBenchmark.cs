using System.Globalization;
using System.Text.Json.Nodes;
using ComplianceBot.Benchmarks.Endpoints;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Core.Cards;
using ComplianceBot.Fakes;

namespace ComplianceBot.Benchmarks.Slack;

/// <summary>
/// The mixed Slack workload on three endpoints: ComplianceBot's /api/slack/events and /api/slack/interactions
/// (Release build, shipped settings and log level, embedded store seeded with people and control owners), a Bolt
/// app (ExpressReceiver; acknowledge, then chat.postMessage with the help card's blocks for every message), and a
/// bare ASP.NET endpoint that only checks the signature (its own process, Release, the host's runtime settings).
/// A local fake of the Slack Web API receives the replies.
/// Usage: slack [REQUESTS [CONCURRENCY [ROUNDS [SEED]]]].
/// </summary>
internal static class SlackBenchmark
{
    private const string SigningSecret = "benchmark-signing-secret-0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = EndpointSettings.Parse(args, 20000);
        var root = BenchmarkProcesses.RepositoryRoot();
        var work = Path.Combine(root, "artifacts", "bench", "slack");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);

        Console.WriteLine("Building the host and the bare endpoint (Release) …");
        var (host, bare) = (Path.Combine(work, "host"), Path.Combine(work, "bare"));
        BenchmarkProcesses.BuildRelease(root, Path.Combine("src", "ComplianceBot.Host"), host);
        BenchmarkProcesses.BuildRelease(root, Path.Combine("tests", "ComplianceBot.Benchmarks.Bare"), bare);
        BenchmarkProcesses.RequireSameRuntimeSettings(Path.Combine(host, "ComplianceBot.Host.runtimeconfig.json"), Path.Combine(bare, "ComplianceBot.Benchmarks.Bare.runtimeconfig.json"));

        await using var slack = await FakeSlackApi.StartAsync();
        for (var k = 0; k < WorkloadMix.Users; k++)
        {
            slack.AddUser(SlackWorkload.UserId(k), WorkloadMix.Email(k), $"Bench User {k}");
            slack.DirectChannels[SlackWorkload.UserId(k)] = SlackWorkload.Channel(k);
        }

        // The peer posts what ComplianceBot posts for "help": the help card in Block Kit.
        var help = BlockKitRenderer.RenderMessage(new CardView("help", Sample(root, "help")));
        var blocksFile = Path.Combine(work, "help-blocks.json");
        await File.WriteAllTextAsync(blocksFile, new JsonObject { ["text"] = help.Text, ["blocks"] = help.Blocks.DeepClone() }.ToJsonString());

        // The attestation modal each control's owner submits, as ComplianceBot renders it.
        var controls = WorkloadMix.ControlIds(root);
        // Each modal asks about the period its control is attested for today, as the host renders it.
        var starter = Core.Library.StarterLibrary.Controls.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var modals = controls.Select(id =>
        {
            var data = Sample(root, "attestation");
            data["controlId"] = id;
            data["period"] = Core.Periods.ReportingPeriod.LatestClosed(starter[id].Cadence, today).Key;
            data["eventDriven"] = starter[id].EventDriven;
            return BlockKitRenderer.RenderModal(new CardView("attestation", data));
        }).ToList();
        var workload = new SlackWorkload(slack, SigningSecret, controls, modals);
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
                ["Slack__SigningSecret"] = SigningSecret,
                ["Slack__BotToken"] = slack.BotToken,
                ["Slack__ApiBaseUrl"] = slack.ApiBaseUrl,
            }), SlackEndpoints.EventsRoute),
            new("bolt", TargetRole.Peer, (port, folder) => BenchmarkProcesses.Start("node", [Path.Combine(root, "tests", "js", "peer-bolt.js"), Port(port),
                SigningSecret, slack.BotToken, slack.ApiBaseUrl, blocksFile], folder, []), SlackEndpoints.EventsRoute),
            new("bare-aspnet", TargetRole.Bare, (port, folder) => BenchmarkProcesses.Start("dotnet", [Path.Combine(bare, "ComplianceBot.Benchmarks.Bare.dll"), "slack", Port(port),
                SigningSecret], folder, []), SlackEndpoints.EventsRoute),
        ];

        var loadAverage = EndpointHarness.LoadAverage();
        var results = await EndpointHarness.RunAsync(targets, workload, settings, work);
        return await EndpointSummary.ReportAsync(results, cpuShareOfPeer: 1 / 3.0, throughputTimesPeer: 3, work, $"{loadAverage} at the start, {EndpointHarness.LoadAverage()} at the end");
    }

    private static JsonObject Sample(string root, string card) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(root, "cards", $"{card}.data.json")))!;

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
