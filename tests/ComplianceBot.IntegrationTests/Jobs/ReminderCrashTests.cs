using System.Diagnostics;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Fakes;
using ComplianceBot.Storage.Embedded;

namespace ComplianceBot.IntegrationTests.Jobs;

/// <summary>
/// A fan-out of 1,000 Slack reminders run by the production delivery code in its own process, killed with SIGKILL
/// midway (whatever it was doing: claimed but not posted, posted but not recorded), then started again in a new
/// process after the leases ran out. Every reminder must reach Slack exactly once.
/// </summary>
public sealed class ReminderCrashTests
{
    private const int Reminders = 1000;

    [Fact]
    public async Task A_fan_out_killed_midway_and_restarted_delivers_every_reminder_exactly_once()
    {
        using var folder = new TempFolder();
        await using var slack = await FakeSlackApi.StartAsync();
        var store = Path.Combine(folder.Path, "store.db");

        // The first process is killed (SIGKILL) right after its 400th post left, with others still on the wire.
        using (var first = Start(store, slack, "instance-1", TimeSpan.Zero, killAfter: 400))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await first.WaitForExitAsync(timeout.Token);
            Assert.NotEqual(0, first.ExitCode);
        }

        await Task.Delay(300); // posts that were on the wire when the process died land now, or never
        var posted = slack.CallsTo("chat.postMessage").Count();
        Assert.InRange(posted, 400, Reminders - 1);

        // A new process, its clock past the dead run's leases.
        string output;
        using (var second = Start(store, slack, "instance-2", ReminderPolicy.Lease + TimeSpan.FromMinutes(1), killAfter: 0))
        {
            var reading = second.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await second.WaitForExitAsync(timeout.Token);
            output = await reading;
            Assert.True(second.ExitCode == 0, output + await second.StandardError.ReadToEndAsync());
        }

        using (var reopened = new SqliteComplianceStore(store))
        {
            var entries = await reopened.ListAsync<Reminder>();
            Assert.Equal(Reminders, entries.Count(e => e.Document.State == ReminderState.Sent));
        }

        var keys = slack.Messages.Values.SelectMany(m => m.Metadata!["event_payload"]!["keys"]!.AsArray().Select(k => k!.GetValue<string>())).ToList();
        Assert.Equal(Reminders, keys.Count);
        Assert.Equal(Reminders, keys.Distinct().Count());
        Assert.Contains("indoubt 0", output, StringComparison.Ordinal);

        var outDir = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "artifacts", "faults")).FullName;
        await File.WriteAllTextAsync(Path.Combine(outDir, "reminder-crash.txt"),
            $"killed after {posted} posts; the restarted process reported: {output.Trim().Split('\n')[^1]}; in Slack {keys.Count} reminders, {keys.Distinct().Count()} distinct\n");
    }

    private static Process Start(string store, FakeSlackApi slack, string instance, TimeSpan clockOffset, int killAfter)
    {
        var driver = Path.Combine(AppContext.BaseDirectory, "ComplianceBot.FaultDriver.dll");
        var start = new ProcessStartInfo("dotnet",
            [driver, store, slack.ApiBaseUrl, slack.BotToken, Reminders.ToString(System.Globalization.CultureInfo.InvariantCulture), instance,
             clockOffset.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), killAfter.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(start)!;
    }
}
