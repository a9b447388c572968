using System.Net;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace ComplianceBot.Storage.Cosmos;

/// <summary>
/// The store seam on Azure Cosmos DB (NoSQL API). Reads by id are point reads; writes carry the document's ETag
/// where the seam asks for optimistic concurrency; the queries each stay inside one partition, named in their
/// WHERE clause (see <see cref="CosmosLayout"/>). Safe for concurrent use; share one instance per process.
/// </summary>
public sealed partial class CosmosComplianceStore : IComplianceStore
{
    private readonly CosmosClient client;
    private readonly CosmosStoreSettings settings;
    private readonly Container records;

    public CosmosComplianceStore(CosmosClient client, CosmosStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        this.client = client;
        this.settings = settings;
        records = client.GetContainer(settings.Database, CosmosLayout.Records);
    }

    /// <summary>
    /// Checks that the account answers and, unless turned off, creates the database and containers that are
    /// missing (the records' and <see cref="CosmosInbox"/>'s); otherwise checks they exist. Throws the SDK's exception when the account cannot be used.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await client.ReadAccountAsync();
        if (settings.CreateContainers)
        {
            var database = (await client.CreateDatabaseIfNotExistsAsync(settings.Database, cancellationToken: cancellationToken)).Database;
            await database.CreateContainerIfNotExistsAsync(CosmosLayout.RecordsContainer(), cancellationToken: cancellationToken);
            await database.CreateContainerIfNotExistsAsync(CosmosLayout.InboxContainer(), cancellationToken: cancellationToken);
        }
        else
        {
            await records.ReadContainerAsync(cancellationToken: cancellationToken);
            await client.GetContainer(settings.Database, CosmosLayout.Inbox).ReadContainerAsync(cancellationToken: cancellationToken);
        }
    }

    // Point reads and imports use the stream API: "not there" and "already there" are normal answers for them,
    // and the stream API reports them as status codes rather than exceptions.
    public async Task<Stored<T>?> FindAsync<T>(string id, CancellationToken cancellationToken = default)
        where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(id);
        using var response = await ContainerFor<T>().ReadItemStreamAsync(
            CosmosLayout.ToCosmosId(id), PartitionFor<T>(id), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return new Stored<T>(CosmosItems.FromItem<T>(await CosmosItems.ReadAsync(response.Content, cancellationToken)), response.Headers.ETag);
    }

    public async Task<Stored<T>> CreateAsync<T>(T document, CancellationToken cancellationToken = default)
        where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            var response = await ContainerFor<T>().CreateItemAsync(
                CosmosItems.ToItem(document), PartitionFor<T>(document.Id), WithoutContent, cancellationToken);
            return new Stored<T>(document, response.ETag);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            throw new DocumentExistsException(T.Kind, document.Id);
        }
    }

    public async Task<Stored<T>> ReplaceAsync<T>(T document, string ifMatch, CancellationToken cancellationToken = default)
        where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            var response = await ContainerFor<T>().ReplaceItemAsync(
                CosmosItems.ToItem(document), CosmosLayout.ToCosmosId(document.Id), PartitionFor<T>(document.Id),
                new ItemRequestOptions { IfMatchEtag = ifMatch, EnableContentResponseOnWrite = false }, cancellationToken);
            return new Stored<T>(document, response.ETag);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            throw new ConcurrencyConflictException(T.Kind, document.Id);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new DocumentNotFoundException(T.Kind, document.Id);
        }
    }

    public async Task<Stored<T>> UpsertAsync<T>(T document, CancellationToken cancellationToken = default)
        where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(document);
        var response = await ContainerFor<T>().UpsertItemAsync(
            CosmosItems.ToItem(document), PartitionFor<T>(document.Id), WithoutContent, cancellationToken);
        return new Stored<T>(document, response.ETag);
    }

    /// <summary>One create per document, several at a time; ids already there answer 409 and are left alone.</summary>
    public async Task<int> ImportAsync<T>(IEnumerable<T> documents, CancellationToken cancellationToken = default)
        where T : class, IDocument
    {
        ArgumentNullException.ThrowIfNull(documents);
        var created = 0;
        var container = ContainerFor<T>();
        await Parallel.ForEachAsync(
            documents,
            new ParallelOptions { MaxDegreeOfParallelism = settings.ImportParallelism, CancellationToken = cancellationToken },
            async (document, ct) =>
            {
                await using var body = CosmosItems.ToStream(CosmosItems.ToItem(document));
                using var response = await container.CreateItemStreamAsync(body, PartitionFor<T>(document.Id), WithoutContent, ct);
                if (response.StatusCode == HttpStatusCode.Conflict) return;
                response.EnsureSuccessStatusCode();
                Interlocked.Increment(ref created);
            });
        return created;
    }

    public async Task<IReadOnlyList<Stored<T>>> ListAsync<T>(CancellationToken cancellationToken = default)
        where T : class, IDocument
    {
        var all = new List<Stored<T>>();
        foreach (var partition in CosmosLayout.PartitionsOf(T.Kind))
        {
            await foreach (var item in QueryAsync<JsonObject>(ContainerFor<T>(), partition, "SELECT * FROM c WHERE c.pk = @pk", [], cancellationToken))
            {
                var etag = item["_etag"]!.GetValue<string>();
                all.Add(new Stored<T>(CosmosItems.FromItem<T>(item), etag));
            }
        }

        // Ordered here rather than by the server: these kinds are small, and ids may be stored escaped.
        all.Sort((a, b) => string.CompareOrdinal(a.Document.Id, b.Document.Id));
        return all;
    }

    public async Task<int> CountAsync<T>(CancellationToken cancellationToken = default)
        where T : class, IDocument
    {
        var count = 0;
        foreach (var partition in CosmosLayout.PartitionsOf(T.Kind))
        {
            await foreach (var n in QueryAsync<int>(ContainerFor<T>(), partition, "SELECT VALUE COUNT(1) FROM c WHERE c.pk = @pk", [], cancellationToken))
            {
                count += n;
            }
        }

        return count;
    }

    private static readonly ItemRequestOptions WithoutContent = new() { EnableContentResponseOnWrite = false };

    private Container ContainerFor<T>()
        where T : IDocument => records;

    private static PartitionKey PartitionFor<T>(string id)
        where T : IDocument => new(CosmosLayout.PartitionOf(T.Kind, id));
}
