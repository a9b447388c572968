using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ComplianceBot.Fakes;

namespace ComplianceBot.Benchmarks.Teams;

/// <summary>
/// The same signed message load on three endpoints, one after the other, on this machine: ComplianceBot's
/// /api/messages, a bot built on the official botbuilder SDK (CloudAdapter, JWT validation on, same card reply),
/// and a bare ASP.NET endpoint that only checks the token. A local OpenID issuer signs the tokens and a local
/// Bot Connector receives (and counts) the replies.
/// </summary>
internal static class TeamsBenchmark
{
    private const int Warmup = 3000;

    /// <summary>People writing to the bot: each has their own 1:1 conversation (as in Teams) and sends several messages.</summary>
    private const int Users = 256;

    public static async Task<int> RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        var root = BenchmarkProcesses.RepositoryRoot();
        var work = Path.Combine(root, "artifacts", "bench", "teams");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);

        Console.WriteLine("Building the host (Release) …");
        BenchmarkProcesses.Run("dotnet", ["build", Path.Combine(root, "src", "ComplianceBot.Host"), "-c", "Release", "-o", Path.Combine(work, "host"), "--nologo", "-v", "q"], root);

        await using var issuer = await LocalOpenIdIssuer.StartAsync();
        await using var connector = await FakeBotConnector.StartAsync();
        for (var k = 0; k < Users; k++) connector.Emails[UserId(k)] = Email(k);
        var token = "Bearer " + issuer.ChannelToken(connector.ServiceUrl);

        var results = new List<EndpointResult>();
        foreach (var target in new[] { "compliancebot", "botbuilder", "bare-aspnet" })
        {
            var port = BenchmarkProcesses.FreePort();
            using var process = target switch
            {
                "compliancebot" => BenchmarkProcesses.Start("dotnet", [Path.Combine(work, "host", "ComplianceBot.Host.dll")], work, new Dictionary<string, string>
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                    ["Urls"] = $"http://127.0.0.1:{port}",
                    ["Logging__LogLevel__Default"] = "Warning",
                    ["Storage__EmbeddedPath"] = Path.Combine(work, "bot.db"),
                    ["Evidence__LocalPath"] = Path.Combine(work, "evidence"),
                    ["Teams__AppId"] = LocalOpenIdIssuer.AppId,
                    ["Teams__AppPassword"] = "benchmark-only",
                    ["Teams__OpenIdMetadataUrl"] = issuer.BotFrameworkMetadataUrl,
                    ["Teams__TokenEndpoint"] = connector.TokenEndpoint,
                }.Concat(Enumerable.Range(0, Users).SelectMany(k => new[]
                {
                    KeyValuePair.Create($"Bootstrap__People__{k}__Email", Email(k)),
                    KeyValuePair.Create($"Bootstrap__People__{k}__DisplayName", $"Bench User {k}"),
                })).ToDictionary()),
                "botbuilder" => BenchmarkProcesses.Start("node", [Path.Combine(root, "tests", "js", "peer-botbuilder.js"), port.ToString(CultureInfo.InvariantCulture),
                    LocalOpenIdIssuer.AppId, issuer.BotFrameworkMetadataUrl, connector.TokenEndpoint, Path.Combine(root, "cards")], work, []),
                _ => BenchmarkProcesses.Start(Environment.ProcessPath!, ["bare-endpoint", port.ToString(CultureInfo.InvariantCulture), LocalOpenIdIssuer.AppId, issuer.BotFrameworkMetadataUrl], work, []),
            };
            try
            {
                using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
                await BenchmarkProcesses.WaitUntilListeningAsync(client, process, "/api/messages");
                var expectsReplies = target != "bare-aspnet";

                HttpRequestMessage Request(string run, int i) => new(HttpMethod.Post, "/api/messages")
                {
                    Content = new StringContent(Activity(connector.ServiceUrl, $"{target}-{run}-{i}", target, i % Users), Encoding.UTF8, "application/json"),
                    Headers = { { "Authorization", token } },
                };

                await LoadGenerator.RunAsync(client, i => Request("warm", i), Warmup, concurrency);
                if (expectsReplies) await WaitForRepliesAsync(connector, $"{target}-warm-", Warmup, TimeSpan.FromSeconds(60));

                var cpuBefore = ProcessCpu.Read(process.Id);
                var clock = Stopwatch.StartNew();
                var load = await LoadGenerator.RunAsync(client, i => Request("run", i), total, concurrency);
                var replies = expectsReplies ? await WaitForRepliesAsync(connector, $"{target}-run-", total, TimeSpan.FromSeconds(180)) : [];
                var endToEnd = clock.Elapsed;
                var cpu = ProcessCpu.Read(process.Id) - cpuBefore;
                var exactlyOne = replies.Count == total && replies.Values.All(n => n == 1);
                var result = new EndpointResult(target, load, endToEnd, replies.Values.Sum() / (double)total, cpu, exactlyOne, expectsReplies);
                results.Add(result);
                result.Print();
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        return await EndpointResult.SummariseAsync(results, "compliancebot", "botbuilder", "bare-aspnet", work);
    }

    private static string UserId(int user) => $"29:bench-{user}";

    private static string Email(int user) => $"bench-{user}@example.com";

    private static string Activity(string serviceUrl, string id, string target, int user) => JsonSerializer.Serialize(new
    {
        type = "message",
        id,
        timestamp = "2026-11-20T09:00:00.000Z",
        serviceUrl,
        channelId = "msteams",
        from = new { id = UserId(user), name = $"Bench User {user}", aadObjectId = $"7faf8ab2-3d56-4244-b585-{user:D12}" },
        conversation = new { conversationType = "personal", id = $"a:{target}-{user}", tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47" },
        recipient = new { id = "28:" + LocalOpenIdIssuer.AppId, name = "ComplianceBot" },
        text = "hi",
        textFormat = "plain",
        channelData = new { tenant = new { id = "72f988bf-86f1-41af-91ab-2d7cd011db47" } },
        locale = "en-US",
    });

    /// <summary>Replies per answered activity (activity ids with the prefix), once all have arrived or the deadline passed.</summary>
    private static async Task<Dictionary<string, int>> WaitForRepliesAsync(FakeBotConnector connector, string prefix, int expected, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        Dictionary<string, int> counts;
        while (true)
        {
            counts = connector.Delivered.Where(c => c.ActivityId?.StartsWith(prefix, StringComparison.Ordinal) == true)
                .GroupBy(c => c.ActivityId!).ToDictionary(g => g.Key, g => g.Count());
            if (counts.Values.Sum() >= expected || deadline.Elapsed > within) break;
            await Task.Delay(10);
        }

        await Task.Delay(200); // let any duplicate that was on its way arrive before judging "exactly one"
        return connector.Delivered.Where(c => c.ActivityId?.StartsWith(prefix, StringComparison.Ordinal) == true)
            .GroupBy(c => c.ActivityId!).ToDictionary(g => g.Key, g => g.Count());
    }
}
