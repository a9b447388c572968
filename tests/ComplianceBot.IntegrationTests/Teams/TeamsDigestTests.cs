using System.Text.Json.Nodes;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using Xunit;

namespace ComplianceBot.IntegrationTests.Teams;

/// <summary>"@ComplianceBot subscribe" in a Teams channel subscribes the channel; "digest" there posts the card in its thread.</summary>
public sealed class TeamsDigestTests
{
    private const string Channel = "19:compliance@thread.tacv2";

    [Fact]
    public async Task Subscribe_and_digest_typed_in_a_channel_act_on_that_channel()
    {
        await using var host = await TeamsHost.StartAsync();
        await host.Store.UpdateAsync<Person>("olive@example.com", p => p with { Roles = [ReminderConversation.ComplianceAdminRole] });

        await host.PostAsync(InChannel(host.Message("<at>ComplianceBot</at> subscribe iso")));
        var confirmed = Assert.Single(await host.Connector.WaitForDeliveriesAsync(1));
        Assert.Contains("ISO 27001 coverage digest", confirmed.Text, StringComparison.Ordinal);
        var subscription = Assert.Single(await host.Store.ListAsync<DigestSubscription>()).Document;
        Assert.Equal(Channel, subscription.Address.ConversationId);
        Assert.Equal(host.Connector.ServiceUrl, subscription.Address.ServiceUrl);

        await host.PostAsync(InChannel(host.Message("<at>ComplianceBot</at> digest")));
        var card = (await host.Connector.WaitForDeliveriesAsync(2))[1].Card!;
        Assert.StartsWith("Weekly coverage digest", card["body"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", card.ToJsonString(), StringComparison.Ordinal);
    }

    private static JsonObject InChannel(JsonObject activity)
    {
        activity["conversation"] = new JsonObject
        {
            ["conversationType"] = "channel", ["isGroup"] = true, ["id"] = Channel + ";messageid=1700000000000", ["tenantId"] = TeamsHost.TenantId,
        };
        return activity;
    }
}
