namespace ComplianceBot.IntegrationTests.StandIns;

/// <summary>
/// The tests that need Azure's services run against local stand-ins started once for the collection: a
/// Cosmos DB-compatible server and Azurite (Blob Storage).
/// </summary>
[CollectionDefinition(Name)]
public sealed class AzureStandIns : ICollectionFixture<CosmosServer>, ICollectionFixture<AzuriteServer>
{
    public const string Name = "Azure stand-ins";
}
