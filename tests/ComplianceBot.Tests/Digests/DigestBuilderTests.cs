using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Tests.Slack;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Digests;

/// <summary>The digest of <see cref="DigestWorld"/>, checked figure by figure, and kept for both platforms in artifacts/digest/.</summary>
public sealed class DigestBuilderTests : IDisposable
{
    private static readonly JsonSerializerOptions Readable = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly TestWorld world = new();

    public void Dispose() => world.Dispose();

    private DigestBuilder Builder => new(world.Store, world.Coverage, world.History, world.Readiness, world.Policy, world.Charts, world.Criteria);

    [Fact]
    public async Task Digest_of_a_seeded_organisation_has_the_hand_computed_figures()
    {
        await DigestWorld.SeedAsync(world);
        var digest = await Builder.BuildAsync(FrameworkIds.All, world.Time.GetUtcNow());
        var data = digest.Data;

        Assert.Equal("2026-W47", digest.Week);
        Assert.Equal("2026-11-20", data["asOf"]!.GetValue<string>());
        var iso = data["frameworks"]![0]!;
        Assert.Equal(1.1, iso["percent"]!.GetValue<double>());
        Assert.Equal("no change since last week", iso["change"]!.GetValue<string>());
        Assert.Equal("5.15", iso["newlyCovered"]!.GetValue<string>());
        Assert.Equal("8.24", iso["lost"]!.GetValue<string>());
        Assert.Equal("1 covered · 0 partial · 92 gaps · 0 not applicable", iso["counts"]!.GetValue<string>());
        var soc2 = data["frameworks"]![1]!;
        Assert.Equal(3.0, soc2["percent"]!.GetValue<double>());
        Assert.Equal("+3.0 points since last week", soc2["change"]!.GetValue<string>());
        Assert.Equal("CC6.1", soc2["newlyCovered"]!.GetValue<string>());
        Assert.Equal("none", soc2["lost"]!.GetValue<string>());

        // Requirements whose controls fail come first, with the owners who can close them.
        var gaps = data["gaps"]!.AsArray();
        Assert.Equal(10, gaps.Count);
        Assert.Equal(("ISO", "5.18", "Olive Owner"), (gaps[0]!["framework"]!.GetValue<string>(), gaps[0]!["id"]!.GetValue<string>(), gaps[0]!["owners"]!.GetValue<string>()));
        Assert.Equal(("8.24", "Dan Delegate"), (gaps[1]!["id"]!.GetValue<string>(), gaps[1]!["owners"]!.GetValue<string>()));
        Assert.Equal(("5.1", "no control mapped"), (gaps[2]!["id"]!.GetValue<string>(), gaps[2]!["owners"]!.GetValue<string>()));

        var overdue = data["overdue"]!.AsArray();
        Assert.Equal(2, overdue.Count);
        Assert.Equal("Dan Delegate", overdue[0]!["owner"]!.GetValue<string>());
        Assert.Equal("CRY-01 (2026-Q3, due 2026-10-07)", overdue[0]!["items"]!.GetValue<string>());
        Assert.Equal("Olive Owner", overdue[1]!["owner"]!.GetValue<string>());
        Assert.Equal("AC-02 (2026-Q3, due 2026-10-07)", overdue[1]!["items"]!.GetValue<string>());
        Assert.False(data["showOverdueNote"]!.GetValue<bool>());

        Assert.Equal("3 open: 0 critical · 1 high · 1 medium · 1 low; 1 above appetite (medium)", data["risks"]!.GetValue<string>());

        var expiring = data["expiring"]!.AsArray();
        Assert.Equal(["2026-12-01 access-review-q3.pdf", "2026-12-10 key-rotation-log.csv"],
            expiring.Select(e => $"{e!["expiresOn"]} {e["file"]}").ToArray());
    }

    [Fact]
    public async Task Digest_for_one_framework_leaves_the_other_out()
    {
        await DigestWorld.SeedAsync(world);
        var digest = await Builder.BuildAsync([FrameworkIds.Soc2], world.Time.GetUtcNow());

        Assert.Equal("SOC 2", digest.Data["scope"]!.GetValue<string>());
        Assert.Single(digest.Data["frameworks"]!.AsArray());
        Assert.All(digest.Data["gaps"]!.AsArray(), g => Assert.Equal("SOC2", g!["framework"]!.GetValue<string>()));

        // Only AC-01 maps to SOC 2, and it is answered.
        Assert.Empty(digest.Data["overdue"]!.AsArray());
        Assert.Equal("No overdue attestations.", digest.Data["overdueNote"]!.GetValue<string>());
    }

    [Fact]
    public async Task Digest_is_rendered_for_Teams_and_Slack_with_its_chart_and_kept_as_artifacts()
    {
        await DigestWorld.SeedAsync(world);
        var outDir = Path.Combine(RepositoryRoot(), "artifacts", "digest");
        Directory.CreateDirectory(outDir);

        // Teams: the chart inline as a data: URI.
        var teams = new DigestComposer(Builder, world.Store, DigestSettings.Default, world.Time);
        var (digest, teamsMessage) = await teams.ComposeAsync(FrameworkIds.All, Platforms.Teams);
        var card = CardLibrary.Render(teamsMessage.Card!);
        var image = SampleCards.Elements(card["body"]).Single(e => e["type"]!.GetValue<string>() == "Image");
        Assert.StartsWith("data:image/png;base64,", image["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(digest.ChartPng, Convert.FromBase64String(image["url"]!.GetValue<string>()["data:image/png;base64,".Length..]));
        await File.WriteAllTextAsync(Path.Combine(outDir, "digest.teams.json"), card.ToJsonString(Readable));

        // Slack with a public address: an image block linking the kept chart.
        var slack = new DigestComposer(Builder, world.Store, new DigestSettings(new Uri("https://bot.example.com/")), world.Time);
        var (_, slackMessage) = await slack.ComposeAsync(FrameworkIds.All, Platforms.Slack);
        var (text, blocks) = SlackChannel.Render(slackMessage);
        Assert.Contains("Weekly coverage digest", text, StringComparison.Ordinal);
        var imageBlock = blocks!.OfType<JsonObject>().Single(b => b["type"]!.GetValue<string>() == "image");
        Assert.Matches("^https://bot\\.example\\.com/api/charts/[0-9a-f]{32}\\.png$", imageBlock["image_url"]!.GetValue<string>());
        await File.WriteAllTextAsync(Path.Combine(outDir, "digest.slack.json"), new JsonObject { ["text"] = text, ["blocks"] = blocks!.DeepClone() }.ToJsonString(Readable));

        // Slack without one: no image, and a note saying why.
        var (_, bare) = await new DigestComposer(Builder, world.Store, DigestSettings.Default, world.Time).ComposeAsync(FrameworkIds.All, Platforms.Slack);
        var (_, bareBlocks) = SlackChannel.Render(bare);
        Assert.DoesNotContain(bareBlocks!.OfType<JsonObject>(), b => b["type"]!.GetValue<string>() == "image");
        Assert.Contains("Jobs__PublicBaseUrl", bareBlocks!.ToJsonString(), StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(outDir, "digest.slack-without-chart.json"), bareBlocks.ToJsonString(Readable));
    }

    [Fact]
    public async Task Chart_shows_the_eight_weeks_to_this_one_from_the_weekly_snapshots()
    {
        await DigestWorld.SeedAsync(world);
        var digest = await Builder.BuildAsync(FrameworkIds.All, world.Time.GetUtcNow());

        // Weeks 2026-W40 to 2026-W47, each with its Monday; the last is today's week (Friday 20 November 2026).
        Assert.Equal(
            ["2026-W40 2026-09-28", "2026-W41 2026-10-05", "2026-W42 2026-10-12", "2026-W43 2026-10-19",
             "2026-W44 2026-10-26", "2026-W45 2026-11-02", "2026-W46 2026-11-09", "2026-W47 2026-11-16"],
            digest.Trend.Weeks.Select(w => $"{w.Week} {w.StartsOn:yyyy-MM-dd}"));

        // The snapshots' figures, then today's computation (ISO 27001 1.1 %, SOC 2 3.0 %).
        var iso = digest.Trend.Lines[0];
        Assert.Equal((FrameworkIds.Iso27001, "ISO 27001"), (iso.FrameworkId, iso.Name));
        Assert.Equal([0.0, 0.0, 1.1, 1.1, 2.2, 2.2, 1.1, 1.1], iso.Percents);
        var soc2 = digest.Trend.Lines[1];
        Assert.Equal((FrameworkIds.Soc2, "SOC 2"), (soc2.FrameworkId, soc2.Name));
        Assert.Equal([0.0, 3.0, 3.0, 6.1, 6.1, 3.0, 0.0, 3.0], soc2.Percents);

        // The chart is drawn from exactly that trend, and the digest carries what was drawn.
        Assert.Same(digest.Trend, Assert.Single(world.Charts.Drawn));
        Assert.Equal(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(digest.Trend)), digest.ChartPng);
    }

    [Fact]
    public async Task Chart_leaves_a_gap_for_each_week_without_a_snapshot_and_charts_only_the_chosen_frameworks()
    {
        await world.Store.UpsertAsync(DigestWorld.Snapshot("2026-W44", 2.2, [], 6.1, []));
        await world.Store.UpsertAsync(DigestWorld.Snapshot("2026-W46", 1.1, [], 3.0, []));

        var digest = await Builder.BuildAsync([FrameworkIds.Soc2], world.Time.GetUtcNow());

        var line = Assert.Single(digest.Trend.Lines);
        Assert.Equal(FrameworkIds.Soc2, line.FrameworkId);
        Assert.Equal([null, null, null, null, 6.1, null, 3.0, 0.0], line.Percents);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComplianceBot.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
