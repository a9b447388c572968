using System.Diagnostics;

namespace ComplianceBot.IntegrationTests.Docs;

/// <summary>
/// Every shell block the README marks <c>&lt;!-- runnable --&gt;</c> runs as written, from the repository root, and ends
/// with exit code 0 (they start the bot, use it over HTTP and stop it again).
/// </summary>
public sealed class ReadmeTests
{
    private const string Marker = "<!-- runnable -->";

    public static TheoryData<int> Blocks()
    {
        var data = new TheoryData<int>();
        foreach (var (line, _) in Runnable()) data.Add(line);
        return data;
    }

    [Fact]
    public void The_README_marks_its_try_out_and_first_day_blocks_runnable() => Assert.True(Runnable().Count() >= 2);

    [Theory]
    [MemberData(nameof(Blocks))]
    public async Task A_runnable_README_block_works_as_written(int line)
    {
        var script = Runnable().Single(b => b.Line == line).Script;
        await UntilThePortIsFreeAsync(); // the bot another block stopped may still be on its way out
        using var process = Process.Start(new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            WorkingDirectory = RepositoryPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"README line {line} did not finish within 5 minutes.");
        }

        Assert.True(process.ExitCode == 0, $"README line {line} ended with {process.ExitCode}:\n{await output}\n{await errors}");
    }

    private static async Task UntilThePortIsFreeAsync()
    {
        for (var i = 0; i < 60; i++)
        {
            using var probe = new System.Net.Sockets.TcpClient();
            try
            {
                await probe.ConnectAsync("127.0.0.1", 3978);
            }
            catch (System.Net.Sockets.SocketException)
            {
                return;
            }

            await Task.Delay(500);
        }
    }

    private static IEnumerable<(int Line, string Script)> Runnable()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md"));
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            if (lines[i].Trim() != Marker || !lines[i + 1].StartsWith("```bash", StringComparison.Ordinal)) continue;
            var end = Array.FindIndex(lines, i + 2, l => l.StartsWith("```", StringComparison.Ordinal));
            yield return (i + 1, string.Join('\n', lines[(i + 2)..end]));
        }
    }
}
