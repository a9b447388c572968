using System.Net;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using Xunit;

namespace ComplianceBot.IntegrationTests.Slack;

/// <summary>/compliance subscribe and /compliance digest typed in a Slack channel act on that channel.</summary>
public sealed class SlackDigestTests
{
    private const string Channel = "C0COMPLY01";

    private static async Task MakeAdminAsync(IComplianceStore store, string email) =>
        await store.UpdateAsync<Person>(email, p => p with { Roles = [ReminderConversation.ComplianceAdminRole] });

    [Fact]
    public async Task Subscribe_in_a_channel_subscribes_that_channel_and_digest_posts_Block_Kit_there()
    {
        await using var host = await SlackHost.StartAsync();
        await MakeAdminAsync(host.Store, "olive@example.com");

        using var subscribed = await host.PostCommandAsync(SlackHost.Olive, "subscribe soc2", channel: Channel);
        Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        await host.DrainAsync();

        var subscription = Assert.Single(await host.Store.ListAsync<DigestSubscription>()).Document;
        Assert.Equal(("slack:" + Channel, Channel, "slack"), (subscription.Id, subscription.Address.ConversationId, subscription.Address.Platform));
        Assert.Equal(["soc2"], subscription.Frameworks);
        Assert.Contains("This channel will get the SOC 2 coverage digest", Assert.Single(host.Slack.MessagesIn(Channel)).Text, StringComparison.Ordinal);

        using var digest = await host.PostCommandAsync(SlackHost.Olive, "digest", channel: Channel);
        await host.DrainAsync();
        var posted = host.Slack.MessagesIn(Channel)[^1];
        var blocks = posted.Blocks!.ToJsonString();
        Assert.Equal("header", posted.Blocks![0]!["type"]!.GetValue<string>());
        Assert.Contains("Weekly coverage digest", blocks, StringComparison.Ordinal);
        Assert.Contains("Open risks", blocks, StringComparison.Ordinal);

        // No public address configured: no image block, and the digest says why.
        Assert.DoesNotContain("\"image\"", blocks, StringComparison.Ordinal);
        Assert.Contains("Jobs__PublicBaseUrl", blocks, StringComparison.Ordinal);
        Assert.Empty(host.Slack.MessagesIn(SlackHost.DirectChannel(SlackHost.Olive)));
    }

    [Fact]
    public async Task Subscribe_by_someone_who_is_not_a_compliance_admin_is_refused_in_the_channel()
    {
        await using var host = await SlackHost.StartAsync();

        using var refused = await host.PostCommandAsync(SlackHost.Nora, "subscribe", channel: Channel);
        await host.DrainAsync();

        Assert.Equal(0, await host.Store.CountAsync<DigestSubscription>());
        Assert.Contains("Only a compliance admin", Assert.Single(host.Slack.MessagesIn(Channel)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_public_address_the_digest_links_its_chart_and_the_host_serves_it()
    {
        await using var host = await SlackHost.StartAsync(new Dictionary<string, string?> { ["Jobs:PublicBaseUrl"] = "https://bot.example.com" });
        await MakeAdminAsync(host.Store, "olive@example.com");

        using var digest = await host.PostCommandAsync(SlackHost.Olive, "digest", channel: Channel);
        await host.DrainAsync();

        var image = Assert.Single(host.Slack.MessagesIn(Channel)[^1].Blocks!, b => b!["type"]!.GetValue<string>() == "image")!;
        var url = new Uri(image["image_url"]!.GetValue<string>());
        Assert.Equal("bot.example.com", url.Host);
        using var chart = await host.Client.GetAsync(new Uri(url.AbsolutePath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        Assert.Equal("image/png", chart.Content.Headers.ContentType!.MediaType);
        Assert.Equal(0x89, (await chart.Content.ReadAsByteArrayAsync())[0]);

        using var unknown = await host.Client.GetAsync(new Uri("/api/charts/00000000000000000000000000000000.png", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
