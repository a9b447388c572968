using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace ComplianceBot.Storage.Cosmos;

/// <summary>
/// The inbox seam on Azure Cosmos DB, shared by every instance: the <c>inbox</c> container, items spread over
/// <see cref="CosmosLayout.InboxPartitions"/> partitions by a hash of their delivery id. Leases are ETag
/// conditions (412 is a conflict); a finished item carries a time-to-live of <see cref="IInbox.FinishedKeptFor"/>,
/// so Cosmos DB forgets it then. An account that cannot be reached or answers 5xx makes a call throw
/// <see cref="InboxUnavailableException"/>.
/// </summary>
public sealed class CosmosInbox(CosmosClient client, CosmosStoreSettings settings) : IInbox
{
    private readonly Container inbox = client.GetContainer(settings.Database, CosmosLayout.Inbox);

    private static readonly ItemRequestOptions WithoutContent = new() { EnableContentResponseOnWrite = false };

    public Task<Stored<InboxItem>?> AcceptAsync(InboxItem item, CancellationToken cancellationToken = default) =>
        Call(async () =>
        {
            ArgumentNullException.ThrowIfNull(item);
            await using var body = CosmosItems.ToStream(ToItem(item));
            using var response = await inbox.CreateItemStreamAsync(body, PartitionOf(item.Id), WithoutContent, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Conflict) return null;
            ThrowIfFailed(response);
            return new Stored<InboxItem>(item, response.Headers.ETag);
        });

    public Task<Stored<InboxItem>?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        Call(async () =>
        {
            ArgumentNullException.ThrowIfNull(id);
            using var response = await inbox.ReadItemStreamAsync(CosmosLayout.ToCosmosId(id), PartitionOf(id), cancellationToken: cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            ThrowIfFailed(response);
            return new Stored<InboxItem>(CosmosItems.FromItem<InboxItem>(await CosmosItems.ReadAsync(response.Content, cancellationToken)), response.Headers.ETag);
        });

    // The oldest few of each partition (asked side by side), then the oldest of those. Leases are compared as the
    // stored UTC timestamps are written, and filtered before TOP so that live leases cannot crowd out expired ones.
    public Task<IReadOnlyList<Stored<InboxItem>>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        QueryAllAsync("""
            SELECT TOP @max * FROM c
            WHERE c.pk = @pk AND c.state = 'pending' AND (NOT IS_DEFINED(c.leaseUntil) OR IS_NULL(c.leaseUntil) OR c.leaseUntil <= @now)
            ORDER BY c.receivedAt
            """, [("@max", max), ("@now", now.ToUniversalTime())], max, cancellationToken);

    public Task<IReadOnlyList<Stored<InboxItem>>> ListAsync(InboxState state, int max, CancellationToken cancellationToken = default) =>
        QueryAllAsync("SELECT TOP @max * FROM c WHERE c.pk = @pk AND c.state = @state ORDER BY c.receivedAt",
            [("@max", max), ("@state", JsonNamingPolicy.CamelCase.ConvertName(state.ToString()))], max, cancellationToken);

    public Task<Stored<InboxItem>> LeaseAsync(Stored<InboxItem> item, DateTimeOffset until, bool newAttempt, CancellationToken cancellationToken = default) =>
        ReplaceAsync(item, item.Document.Leased(until, newAttempt), cancellationToken);

    public Task<Stored<InboxItem>> CompleteAsync(Stored<InboxItem> item, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ReplaceAsync(item, item.Document.Completed(at), cancellationToken);

    public Task<Stored<InboxItem>> FailAsync(Stored<InboxItem> item, string reason, DateTimeOffset? retryAt, CancellationToken cancellationToken = default) =>
        ReplaceAsync(item, item.Document.Failed(reason, retryAt), cancellationToken);

    public async Task<int> ImportAsync(IEnumerable<InboxItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var added = 0;
        await Parallel.ForEachAsync(
            items,
            new ParallelOptions { MaxDegreeOfParallelism = settings.ImportParallelism, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                if (await AcceptAsync(item, ct) is not null) Interlocked.Increment(ref added);
            });
        return added;
    }

    public async Task<InboxStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = await CountAsync("pending", cancellationToken);
            var failed = await CountAsync("failed", cancellationToken);
            var oldest = await ListAsync(InboxState.Pending, 1, cancellationToken) is [var first, ..] ? first.Document.ReceivedAt : (DateTimeOffset?)null;
            return new InboxStatus(true, null, pending, failed, oldest);
        }
        catch (InboxUnavailableException ex)
        {
            return new InboxStatus(false, ex.Message, 0, 0, null);
        }
    }

    private Task<Stored<InboxItem>> ReplaceAsync(Stored<InboxItem> current, InboxItem next, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            await using var body = CosmosItems.ToStream(ToItem(next));
            using var response = await inbox.ReplaceItemStreamAsync(
                body, CosmosLayout.ToCosmosId(next.Id), PartitionOf(next.Id),
                new ItemRequestOptions { IfMatchEtag = current.ETag, EnableContentResponseOnWrite = false }, cancellationToken);
            if (response.StatusCode == HttpStatusCode.PreconditionFailed) throw new ConcurrencyConflictException(InboxItem.Kind, next.Id);
            if (response.StatusCode == HttpStatusCode.NotFound) throw new DocumentNotFoundException(InboxItem.Kind, next.Id);
            ThrowIfFailed(response);
            return new Stored<InboxItem>(next, response.Headers.ETag);
        });

    private async Task<int> CountAsync(string state, CancellationToken cancellationToken)
    {
        var counts = await Task.WhenAll(CosmosLayout.PartitionsOf(InboxItem.Kind).Select(partition => Call(async () =>
        {
            var count = 0;
            await foreach (var n in CosmosComplianceStore.QueryAsync<int>(inbox, partition,
                "SELECT VALUE COUNT(1) FROM c WHERE c.pk = @pk AND c.state = @state", [("@state", state)], cancellationToken))
            {
                count += n;
            }

            return count;
        })));
        return counts.Sum();
    }

    private async Task<IReadOnlyList<Stored<InboxItem>>> QueryAllAsync(
        string sql, IEnumerable<(string Name, object Value)> parameters, int max, CancellationToken cancellationToken)
    {
        var perPartition = await Task.WhenAll(CosmosLayout.PartitionsOf(InboxItem.Kind).Select(partition => Call(async () =>
        {
            var found = new List<Stored<InboxItem>>();
            await foreach (var item in CosmosComplianceStore.QueryAsync<JsonObject>(inbox, partition, sql, parameters, cancellationToken))
            {
                found.Add(new Stored<InboxItem>(CosmosItems.FromItem<InboxItem>(item), item["_etag"]!.GetValue<string>()));
            }

            return found;
        })));

        return [.. perPartition.SelectMany(p => p)
            .OrderBy(c => c.Document.ReceivedAt).ThenBy(c => c.Document.Id, StringComparer.Ordinal).Take(max)];
    }

    /// <summary>The item's JSON with its escaped id, its partition and, once finished, how long Cosmos DB keeps it (seconds).</summary>
    private static JsonObject ToItem(InboxItem item)
    {
        var json = JsonSerializer.SerializeToNode(item, ComplianceJson.Options)!.AsObject();
        json["id"] = CosmosLayout.ToCosmosId(item.Id);
        json[CosmosItems.PartitionKeyProperty] = CosmosLayout.PartitionOf(InboxItem.Kind, item.Id);
        if (item.State == InboxState.Done) json["ttl"] = (int)IInbox.FinishedKeptFor.TotalSeconds;
        return json;
    }

    private static PartitionKey PartitionOf(string id) => new(CosmosLayout.PartitionOf(InboxItem.Kind, id));

    private static void ThrowIfFailed(ResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return;
        throw new InboxUnavailableException(
            $"Cosmos DB answered {(int)response.StatusCode} for the inbox: {response.ErrorMessage}");
    }

    /// <summary>Runs a call, reporting an account that cannot be reached or fails as unavailable; conflicts pass through.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (CosmosException ex) when ((int)ex.StatusCode >= 500 || ex.StatusCode == HttpStatusCode.TooManyRequests || ex.StatusCode == HttpStatusCode.RequestTimeout)
        {
            throw new InboxUnavailableException($"Cosmos DB cannot serve the inbox now ({(int)ex.StatusCode}).", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new InboxUnavailableException($"Cosmos DB cannot be reached: {ex.Message}", ex);
        }
    }
}
