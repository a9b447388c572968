using ComplianceBot.Core.Inbox;
using ComplianceBot.IntegrationTests.StandIns;
using ComplianceBot.Storage.Cosmos;

namespace ComplianceBot.IntegrationTests.Storage;

/// <summary>The inbox contract against a Cosmos DB-compatible server.</summary>
[Collection(AzureStandIns.Name)]
public sealed class CosmosInboxTests(CosmosServer server) : InboxContract
{
    protected override async Task<IInbox> CreateInboxAsync()
    {
        var settings = CosmosServer.Settings("inbox-" + Guid.NewGuid().ToString("N"));
        await new CosmosComplianceStore(server.Client, settings).InitializeAsync();
        return new CosmosInbox(server.Client, settings);
    }
}
