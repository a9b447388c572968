using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Benchmarks.Teams;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Core.Cards;
using ComplianceBot.Fakes;

namespace ComplianceBot.Benchmarks.Slack;

/// <summary>
/// The same signed Events API load (a direct message per request, each with its own event_id) on three endpoints,
/// one after the other: ComplianceBot's /api/slack/events, a Bolt app (ExpressReceiver; acknowledge, then
/// chat.postMessage with the help card's blocks), and a bare ASP.NET endpoint that only checks the signature. A
/// local fake of the Slack Web API receives (and counts) the replies.
/// </summary>
internal static class SlackBenchmark
{
    private const int Warmup = 10000;
    private const int Users = 256;
    private const string SigningSecret = "benchmark-signing-secret-0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        string[] everyTarget = ["compliancebot", "bolt", "bare-aspnet"];
        var targets = args.Length > 2 ? args[2].Split(',', StringSplitOptions.RemoveEmptyEntries) : everyTarget;
        var root = BenchmarkProcesses.RepositoryRoot();
        var work = Path.Combine(root, "artifacts", "bench", "slack");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);

        Console.WriteLine("Building the host (Release) …");
        BenchmarkProcesses.Run("dotnet", ["build", Path.Combine(root, "src", "ComplianceBot.Host"), "-c", "Release", "-o", Path.Combine(work, "host"), "--nologo", "-v", "q"], root);

        await using var slack = await FakeSlackApi.StartAsync();
        for (var k = 0; k < Users; k++)
        {
            slack.AddUser(UserId(k), Email(k), $"Bench User {k}");
            slack.DirectChannels[UserId(k)] = Channel(k);
        }

        // The peer posts what ComplianceBot posts for "hi": the help card in Block Kit.
        var help = BlockKitRenderer.RenderMessage(new CardView("help", (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(root, "cards", "help.data.json")))!));
        var blocksFile = Path.Combine(work, "help-blocks.json");
        await File.WriteAllTextAsync(blocksFile, new JsonObject { ["text"] = help.Text, ["blocks"] = help.Blocks.DeepClone() }.ToJsonString());

        var results = new List<EndpointResult>();
        foreach (var target in targets)
        {
            var port = BenchmarkProcesses.FreePort();
            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Urls"] = $"http://127.0.0.1:{port}",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Storage__EmbeddedPath"] = Path.Combine(work, "bot.db"),
                ["Evidence__LocalPath"] = Path.Combine(work, "evidence"),
                ["Slack__SigningSecret"] = SigningSecret,
                ["Slack__BotToken"] = slack.BotToken,
                ["Slack__ApiBaseUrl"] = slack.ApiBaseUrl,
            };
            for (var k = 0; k < Users; k++)
            {
                environment[$"Bootstrap__People__{k}__Email"] = Email(k);
                environment[$"Bootstrap__People__{k}__DisplayName"] = $"Bench User {k}";
            }

            using var process = target switch
            {
                "compliancebot" => BenchmarkProcesses.Start("dotnet", [Path.Combine(work, "host", "ComplianceBot.Host.dll")], work, environment),
                "bolt" => BenchmarkProcesses.Start("node", [Path.Combine(root, "tests", "js", "peer-bolt.js"), port.ToString(CultureInfo.InvariantCulture),
                    SigningSecret, slack.BotToken, slack.ApiBaseUrl, blocksFile], work, []),
                _ => BenchmarkProcesses.Start(Environment.ProcessPath!, ["bare-slack-endpoint", port.ToString(CultureInfo.InvariantCulture), SigningSecret], work, []),
            };
            try
            {
                using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
                await BenchmarkProcesses.WaitUntilListeningAsync(client, process, SlackEndpoints.EventsRoute);
                var expectsReplies = target != "bare-aspnet";

                await LoadGenerator.RunAsync(client, i => Request(target, "warm", i), Warmup, concurrency);
                if (expectsReplies) await WaitForRepliesAsync(slack, Warmup, TimeSpan.FromSeconds(60));

                var before = PostsPerChannel(slack);
                var cpuBefore = ProcessCpu.Read(process.Id);
                var clock = Stopwatch.StartNew();
                var load = await LoadGenerator.RunAsync(client, i => Request(target, "run", i), total, concurrency);
                if (expectsReplies) await WaitForRepliesAsync(slack, Warmup + total, TimeSpan.FromSeconds(180));
                var endToEnd = clock.Elapsed;
                var cpu = ProcessCpu.Read(process.Id) - cpuBefore;
                await Task.Delay(200); // let any duplicate that was on its way arrive before judging "exactly one"

                // Exactly one reply per request: every conversation got exactly as many posts as it was sent messages.
                var after = PostsPerChannel(slack);
                var replies = after.Values.Sum() - before.Values.Sum();
                var exactlyOne = expectsReplies && Enumerable.Range(0, Users).All(k =>
                    after.GetValueOrDefault(Channel(k)) - before.GetValueOrDefault(Channel(k)) == Enumerable.Range(0, total).Count(i => i % Users == k));
                var result = new EndpointResult(target, load, endToEnd, replies / (double)total, cpu, exactlyOne, expectsReplies);
                results.Add(result);
                result.Print();
                slack.Calls.Clear();
                slack.Messages.Clear();
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        return await EndpointResult.SummariseAsync(results, "compliancebot", "bolt", "bare-aspnet", work);
    }

    private static string UserId(int user) => $"U0BENCH{user:D4}";

    private static string Email(int user) => $"slack-bench-{user}@example.com";

    private static string Channel(int user) => $"D0BENCH{user:D4}";

    private static HttpRequestMessage Request(string target, string run, int i)
    {
        var user = i % Users;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = JsonSerializer.Serialize(new
        {
            token = "legacy-verification-token",
            team_id = FakeSlackApi.TeamId,
            api_app_id = "A0FAKE01",
            @event = new
            {
                type = "message", channel = Channel(user), user = UserId(user), text = "hi",
                ts = $"{now}.{i:D6}", event_ts = $"{now}.{i:D6}", channel_type = "im",
            },
            type = "event_callback",
            event_id = $"Ev{target}{run}{i:D8}",
            event_time = now,
        });
        var request = new HttpRequestMessage(HttpMethod.Post, SlackEndpoints.EventsRoute)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(SlackRequestVerifier.TimestampHeader, now.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SlackRequestVerifier.SignatureHeader, SlackRequestVerifier.Sign(SigningSecret, now, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    private static Dictionary<string, int> PostsPerChannel(FakeSlackApi slack) =>
        slack.CallsTo("chat.postMessage").Where(c => c.Ok).GroupBy(c => c.Argument("channel") ?? "").ToDictionary(g => g.Key, g => g.Count());

    private static async Task WaitForRepliesAsync(FakeSlackApi slack, int expected, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (slack.CallsTo("chat.postMessage").Count(c => c.Ok) < expected && deadline.Elapsed < within) await Task.Delay(10);
    }
}
