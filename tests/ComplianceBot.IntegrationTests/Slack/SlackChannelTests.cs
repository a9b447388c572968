using System.Text.Json.Nodes;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Records;
using ComplianceBot.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceBot.IntegrationTests.Slack;

/// <summary>
/// The channel renders a card to Block Kit once and sends the written JSON every time the same card goes out;
/// what arrives must be exactly what rendering it afresh gives, for every send, side by side or not.
/// </summary>
public sealed class SlackChannelTests : IAsyncLifetime
{
    private FakeSlackApi slack = null!;
    private HttpClient http = null!;
    private SlackChannel channel = null!;

    public async Task InitializeAsync()
    {
        slack = await FakeSlackApi.StartAsync();
        http = new HttpClient();
        var options = new SlackOptions { BotToken = slack.BotToken, SigningSecret = "s", ApiBaseUrl = slack.ApiBaseUrl };
        channel = new SlackChannel(new SlackWebApiClient(http, options, TimeProvider.System, NullLogger<SlackWebApiClient>.Instance));
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await slack.DisposeAsync();
    }

    [Fact]
    public async Task The_same_card_sent_many_times_at_once_arrives_whole_and_identical_each_time()
    {
        var help = HelpConversation.Show(Person("Olive Owner"), Help).Replies.Single();
        var expected = SlackChannel.Render(help).Blocks!.ToJsonString();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => channel.PostAsync($"D{i:D4}", null, help)));

        var sent = slack.CallsTo("chat.postMessage").Select(c => c.Arguments["blocks"]!.ToJsonString()).ToList();
        Assert.Equal(40, sent.Count);
        Assert.All(sent, blocks => Assert.Equal(expected, blocks));
    }

    [Fact]
    public async Task A_card_with_other_data_or_other_text_is_rendered_for_itself()
    {
        var forOlive = HelpConversation.Show(Person("Olive Owner"), Help).Replies.Single();
        var forDan = HelpConversation.Show(Person("Dan Developer"), Help).Replies.Single();
        var withPreface = HelpConversation.Show(Person("Olive Owner"), Help, preface: "I did not get that.").Replies;

        await channel.PostAsync("D1", null, forOlive);
        await channel.PostAsync("D2", null, forDan);
        await channel.PostAsync("D3", null, OutboundMessage.Show(forOlive.Card!) with { Text = "I did not get that." });
        await channel.PostAsync("D4", null, forOlive);

        string BlocksIn(string conversation) => Assert.Single(slack.MessagesIn(conversation)).Blocks!.ToJsonString();
        Assert.Contains("Olive", BlocksIn("D1"), StringComparison.Ordinal);
        Assert.Contains("Dan", BlocksIn("D2"), StringComparison.Ordinal);
        Assert.DoesNotContain("Olive", BlocksIn("D2"), StringComparison.Ordinal);
        Assert.StartsWith("I did not get that.", Assert.Single(slack.MessagesIn("D3")).Blocks![0]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(BlocksIn("D1"), BlocksIn("D4"));
        Assert.Equal(2, withPreface.Count);
    }

    /// <summary>Help listing only its own command: enough of a card for these tests.</summary>
    private static readonly ActionRegistry Help = new([new HelpConversation()]);

    private static Person Person(string name) => new() { Id = name.Split(' ')[0].ToLowerInvariant() + "@example.com", Email = name.Split(' ')[0].ToLowerInvariant() + "@example.com", DisplayName = name };
}
