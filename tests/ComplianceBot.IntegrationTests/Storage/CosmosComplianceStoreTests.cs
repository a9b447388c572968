using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.IntegrationTests.StandIns;
using ComplianceBot.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace ComplianceBot.IntegrationTests.Storage;

/// <summary>The store contract against a Cosmos DB-compatible server, and what is particular to Cosmos DB.</summary>
[Collection(AzureStandIns.Name)]
public sealed class CosmosComplianceStoreTests(CosmosServer server) : ComplianceStoreContract
{
    protected override async Task<IComplianceStore> CreateStoreAsync() => await server.NewStoreAsync();

    [Fact]
    public async Task Ids_with_characters_cosmos_forbids_round_trip()
    {
        var store = await server.NewStoreAsync();
        const string id = "o/brien?#100%~@example.com";
        await store.CreateAsync(new Person { Id = id, Email = id, DisplayName = "O'Brien" });
        Assert.Equal(id, (await store.FindAsync<Person>(id))!.Document.Id);
        Assert.Equal([id], (await store.ListAsync<Person>()).Select(p => p.Document.Id));
        Assert.Null(await store.FindAsync<Person>("o~2Fbrien?#100%@example.com"));
    }

    [Fact]
    public async Task An_item_is_the_records_json_as_the_embedded_store_keeps_it_plus_its_partition_key()
    {
        var database = "json-" + Guid.NewGuid().ToString("N");
        var store = new CosmosComplianceStore(server.Client, CosmosServer.Settings(database));
        await store.InitializeAsync();
        var risk = new Risk
        {
            Id = "RISK-0001", Title = "Unencrypted laptops", Category = "Security", Inherent = new RiskRating(4, 5), OwnerId = "olive@example.com",
            ReviewOn = new DateOnly(2027, 1, 31), RaisedBy = "eve@example.com", RaisedAt = new DateTimeOffset(2026, 11, 20, 9, 30, 15, 123, TimeSpan.Zero),
        };
        await store.CreateAsync(risk);

        using var response = await server.Client.GetContainer(database, CosmosLayout.Records).ReadItemStreamAsync("RISK-0001", new PartitionKey("risk"));
        var item = (await JsonNode.ParseAsync(response.Content))!.AsObject();
        Assert.Equal("risk", item["pk"]!.GetValue<string>());
        foreach (var property in item.Select(p => p.Key).Where(k => k == "pk" || k.StartsWith('_')).ToList()) item.Remove(property);
        Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(risk, ComplianceJson.Options), item), item.ToJsonString());
    }

    [Fact]
    public async Task Throttled_and_unavailable_answers_are_retried()
    {
        var store = await server.NewStoreAsync();
        var created = await store.CreateAsync(new Counter { Id = "c", Value = 1 });

        await server.InjectFaultsAsync(429, 3);
        Assert.Equal(1, (await store.FindAsync<Counter>("c"))!.Document.Value);
        await server.InjectFaultsAsync(503, 2);
        await store.ReplaceAsync(created.Document with { Value = 2 }, created.ETag);
        Assert.Equal(2, (await store.FindAsync<Counter>("c"))!.Document.Value);
    }

    [Fact]
    public async Task Unavailability_that_outlasts_the_retries_is_reported()
    {
        var store = await server.NewStoreAsync();
        await store.CreateAsync(new Counter { Id = "c", Value = 1 });
        await server.InjectFaultsAsync(503, 1000);
        try
        {
            var error = await Assert.ThrowsAsync<CosmosException>(() => store.FindAsync<Counter>("c"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        }
        finally
        {
            await server.InjectFaultsAsync(503, 0);
        }
    }

    [Fact]
    public async Task Slow_calls_are_logged_with_their_diagnostics_and_retries_are_logged()
    {
        var log = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        var settings = CosmosServer.Settings("slow-" + Guid.NewGuid().ToString("N")) with { SlowCallThreshold = TimeSpan.Zero };
        using var client = CosmosClients.Create(server.Endpoint, server.Key, null, settings, TimeProvider.System, loggers);
        var store = new CosmosComplianceStore(client, settings);
        await store.InitializeAsync();

        await store.CreateAsync(new Counter { Id = "c", Value = 1 });
        await server.InjectFaultsAsync(503, 1);
        await store.FindAsync<Counter>("c");

        Assert.Contains(log.Warnings, m => m.Contains("/docs", StringComparison.Ordinal) && m.Contains("diagnostics: {", StringComparison.Ordinal));
        Assert.Contains(log.Warnings, m => m.Contains("answered 503; retrying", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Warnings, m => m.Contains(server.Key, StringComparison.Ordinal));
    }

    private sealed class LogCapture : ILoggerProvider, ILogger
    {
        private readonly List<string> warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get
            {
                lock (warnings) return [.. warnings];
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning) lock (warnings) warnings.Add(formatter(state, exception));
        }

        public void Dispose()
        {
        }
    }
}
