using System.Text;
using System.Text.Json;
using ComplianceBot.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;

namespace ComplianceBot.IntegrationTests.StandIns;

/// <summary>
/// A Cosmos DB-compatible server (<c>@vercel/cosmosdb-server</c>, in memory) on a free loopback port, with the
/// test-side fixes of tests/js/cosmos-server.js. Each store it hands out has a database of its own.
/// </summary>
public sealed class CosmosServer : IAsyncLifetime
{
    private NodeServer? server;
    private CosmosClient? client;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The server takes any base64 key; this one is made up per run.</summary>
    public string Key { get; } = Convert.ToBase64String(Encoding.UTF8.GetBytes("stand-in-" + Guid.NewGuid().ToString("N")));

    public CosmosClient Client => client ?? throw new InvalidOperationException("The server has not started.");

    public static CosmosStoreSettings Settings(string database) => new() { Database = database, GatewayMode = true };

    public async Task InitializeAsync()
    {
        server = await NodeServer.StartAsync("cosmos-server.js", [], new Dictionary<string, string>(),
            line => line.StartsWith("{\"port\"", StringComparison.Ordinal), RepositoryPaths.JsTools);
        var port = JsonDocument.Parse(server.ReadyLine).RootElement.GetProperty("port").GetInt32();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        client = CosmosClients.Create(Endpoint, Key, null, Settings("unused"), TimeProvider.System, NullLoggerFactory.Instance);
    }

    /// <summary>An empty store in a new database.</summary>
    public async Task<CosmosComplianceStore> NewStoreAsync()
    {
        var store = new CosmosComplianceStore(Client, Settings("db-" + Guid.NewGuid().ToString("N")));
        await store.InitializeAsync();
        return store;
    }

    /// <summary>Makes the next <paramref name="count"/> document requests answer <paramref name="status"/>.</summary>
    public async Task InjectFaultsAsync(int status, int count)
    {
        using var http = new HttpClient();
        using var body = new StringContent(JsonSerializer.Serialize(new { status, count }), Encoding.UTF8, "application/json");
        (await http.PostAsync(new Uri(Endpoint, "/_test/faults"), body)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (server is not null) await server.DisposeAsync();
    }
}
