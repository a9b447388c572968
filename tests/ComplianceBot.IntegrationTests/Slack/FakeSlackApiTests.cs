using System.Text.Json.Nodes;
using ComplianceBot.Fakes;

namespace ComplianceBot.IntegrationTests.Slack;

/// <summary>The fake Slack Web API driven by Slack's official Node client: it must answer the way that client expects.</summary>
public sealed class FakeSlackApiTests
{
    [Fact]
    public async Task Slacks_official_client_works_against_the_fake()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        slack.AddUser("U0OLIVE", "olive@contoso.example", "Olive Owner", "Europe/London", 0);
        slack.AddFile("F0OFFICIAL", "policy.pdf", "application/pdf", "%PDF-1.7"u8.ToArray());

        var output = JsonNode.Parse(await RepositoryPaths.RunNodeAsync("slack-webapi-client.js", slack.ApiBaseUrl, slack.BotToken))!;

        Assert.True(output["posted"]!["ok"]!.GetValue<bool>());
        var ts = output["posted"]!["ts"]!.GetValue<string>();
        Assert.Equal(ts, output["updated"]!["ts"]!.GetValue<string>());
        Assert.StartsWith("V", output["view"]!["view"]!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("olive@contoso.example", output["user"]!["user"]!["profile"]!["email"]!.GetValue<string>());
        Assert.Equal("Europe/London", output["user"]!["user"]!["tz"]!.GetValue<string>());
        Assert.EndsWith("/download/policy.pdf", output["file"]!["file"]!["url_private_download"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("D", output["dm"]!["channel"]!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(output["rateLimitedThenPosted"]!["ok"]!.GetValue<bool>());
        Assert.Equal("channel_not_found", output["error"]!.GetValue<string>());

        // The official client sends form bodies with blocks and view as JSON text; the fake reads them as Slack does.
        var message = slack.Messages[("D0OFFICIAL", ts)];
        Assert.Equal("*RISK-0007* raised", message.Blocks![0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal(1, message.Updates);
        Assert.Equal("Raise a risk", slack.Views.Values.Single()["title"]!["text"]!.GetValue<string>());
        Assert.All(slack.Calls, c => Assert.Equal("Bearer " + slack.BotToken, c.Authorization));
    }

    [Fact]
    public async Task The_official_client_waits_out_a_rate_limit_from_the_fake()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        slack.AddUser("U0OLIVE", "olive@contoso.example", "Olive Owner");
        slack.AddFile("F0OFFICIAL", "policy.pdf", "application/pdf", "%PDF-1.7"u8.ToArray());
        slack.Limit("chat.postMessage", 1, TimeSpan.FromSeconds(1), perChannel: true);

        var output = JsonNode.Parse(await RepositoryPaths.RunNodeAsync("slack-webapi-client.js", slack.ApiBaseUrl, slack.BotToken))!;

        Assert.True(output["rateLimitedThenPosted"]!["ok"]!.GetValue<bool>());
        Assert.Contains(slack.CallsTo("chat.postMessage"), c => c.Status == 429);
        Assert.Equal(["first", "second"], slack.MessagesIn("C0BURST").Select(m => m.Text));
    }
}
