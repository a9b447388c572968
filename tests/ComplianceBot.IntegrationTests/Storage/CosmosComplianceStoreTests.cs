using ComplianceBot.Core.Storage;
using ComplianceBot.IntegrationTests.StandIns;

namespace ComplianceBot.IntegrationTests.Storage;

/// <summary>The store contract against a Cosmos DB-compatible server.</summary>
[Collection(AzureStandIns.Name)]
public sealed class CosmosComplianceStoreTests(CosmosServer server) : ComplianceStoreContract
{
    protected override async Task<IComplianceStore> CreateStoreAsync() => await server.NewStoreAsync();
}
