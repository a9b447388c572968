using System.Text.Json.Nodes;

namespace ComplianceBot.IntegrationTests.Slack;

/// <summary>manifests/slack/manifest.json against @slack/web-api's manifest type, and the settings the bot relies on.</summary>
public sealed class SlackManifestTests
{
    private static readonly string ManifestFile = Path.Combine(RepositoryPaths.Root, "manifests", "slack", "manifest.json");

    [Fact]
    public async Task The_manifest_type_checks_against_Slacks_manifest_type()
    {
        var dir = Directory.CreateTempSubdirectory("slack-manifest-").FullName;
        try
        {
            File.Copy(ManifestFile, Path.Combine(dir, "slack.manifest.json"));
            var result = JsonNode.Parse(await RepositoryPaths.RunNodeAsync("slack-check-blocks.js", dir))!.AsObject();
            Assert.Empty(result["slack.manifest.ts"]!.AsArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_manifest_asks_for_what_the_bot_uses_and_no_more()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(ManifestFile))!;
        Assert.Equal(
            ["app_mentions:read", "chat:write", "commands", "files:read", "im:history", "im:read", "im:write", "users:read", "users:read.email"],
            manifest["oauth_config"]!["scopes"]!["bot"]!.AsArray().Select(s => s!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["app_home_opened", "app_mention", "file_shared", "message.im"],
            manifest["settings"]!["event_subscriptions"]!["bot_events"]!.AsArray().Select(s => s!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.True(manifest["features"]!["app_home"]!["home_tab_enabled"]!.GetValue<bool>());
        Assert.True(manifest["settings"]!["interactivity"]!["is_enabled"]!.GetValue<bool>());
        // The control picker's options (block_suggestion) come from the same route as the other interactions.
        Assert.Equal(
            manifest["settings"]!["interactivity"]!["request_url"]!.GetValue<string>(),
            manifest["settings"]!["interactivity"]!["message_menu_options_url"]!.GetValue<string>());
        Assert.Equal("/compliance", manifest["features"]!["slash_commands"]![0]!["command"]!.GetValue<string>());
        Assert.InRange(manifest["display_information"]!["long_description"]!.GetValue<string>().Length, 174, 4000);
    }
}
