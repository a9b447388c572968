using System.Net;
using ComplianceBot.Core.Records;

using ComplianceBot.IntegrationTests.Storage;

namespace ComplianceBot.IntegrationTests.Teams;

public sealed class TeamsRestartTests
{
    [Fact]
    public async Task An_activity_acknowledged_before_the_host_died_is_processed_after_restart()
    {
        // The first host acknowledges but never gets to process: as if it were killed right after the 202.
        await using var host = await TeamsHost.StartAsync(processInbox: false);
        Assert.Equal(HttpStatusCode.Accepted, (await host.PostAsync(host.Message("status"))).StatusCode);
        Assert.Equal(InboxState.Pending, Assert.Single(await host.Inbox.AllAsync()).Document.State);
        Assert.DoesNotContain(host.Connector.Calls, c => c.Method != "GET");

        await host.RestartAsync(processInbox: true);

        var reply = Assert.Single(await host.Connector.WaitForDeliveriesAsync(1));
        Assert.Equal("Framework coverage · 2026-11-20", reply.Card!["body"]![0]!["text"]!.GetValue<string>());
    }
}
