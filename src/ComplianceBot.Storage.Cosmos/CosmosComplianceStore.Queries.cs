using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace ComplianceBot.Storage.Cosmos;

/// <summary>
/// The queries beyond reading by id. Each names its partition in the WHERE clause and runs inside it; where
/// Cosmos DB cannot aggregate (GROUP BY across controls) or a kind spans several partitions, the store
/// aggregates and merges the answers itself.
/// </summary>
public sealed partial class CosmosComplianceStore
{
    public async Task<IReadOnlyList<Attestation>> ListAttestationsAsync(
        IReadOnlyCollection<string> periods, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.Count == 0) return [];
        var names = periods.Select((p, i) => (Name: $"@p{i}", Value: p)).ToList();
        return await ListDocumentsAsync<Attestation>(
            $"SELECT * FROM c WHERE c.pk = @pk AND c.period IN ({string.Join(", ", names.Select(n => n.Name))})",
            names.Select(n => (n.Name, (object)n.Value)), cancellationToken);
    }

    public async Task<IReadOnlyList<Attestation>> ListAttestationsForControlAsync(
        string controlId, CancellationToken cancellationToken = default)
    {
        var found = await ListDocumentsAsync<Attestation>(
            "SELECT * FROM c WHERE c.pk = @pk AND c.controlId = @control", [("@control", controlId)], cancellationToken);
        return [.. found.OrderBy(a => a.Id, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<EvidenceFreshness>> ListEvidenceFreshnessAsync(
        DateOnly asOf, CancellationToken cancellationToken = default)
    {
        // Cosmos DB has no GROUP BY over array elements: the server filters, the store groups by control.
        var perControl = new Dictionary<string, (DateOnly Latest, int Count)>(StringComparer.Ordinal);
        await foreach (var current in QueryAsync<CurrentEvidence>(records, Evidence.Kind, """
            SELECT c.controlIds, c.effectiveOn FROM c
            WHERE c.pk = @pk AND c.effectiveOn <= @day AND (NOT IS_DEFINED(c.expiresOn) OR c.expiresOn >= @day)
                AND (NOT IS_DEFINED(c.review) OR c.review = 'approved')
            """, [("@day", asOf)], cancellationToken))
        {
            foreach (var controlId in current.ControlIds.Distinct(StringComparer.Ordinal))
            {
                perControl[controlId] = perControl.TryGetValue(controlId, out var seen)
                    ? (seen.Latest > current.EffectiveOn ? seen.Latest : current.EffectiveOn, seen.Count + 1)
                    : (current.EffectiveOn, 1);
            }
        }

        return [.. perControl.Select(p => new EvidenceFreshness(p.Key, p.Value.Latest, p.Value.Count))];
    }

    public async Task<IReadOnlyList<Evidence>> ListEvidenceAwaitingReviewAsync(CancellationToken cancellationToken = default) =>
        [.. (await ListDocumentsAsync<Evidence>("""
            SELECT * FROM c WHERE c.pk = @pk AND (c.review = 'submitted' OR c.review = 'awaitingOwner')
            """, [], cancellationToken)).OrderBy(e => e.UploadedAt).ThenBy(e => e.Id, StringComparer.Ordinal)];

    public async Task<IReadOnlyList<Evidence>> ListEvidenceForControlAsync(string controlId, CancellationToken cancellationToken = default) =>
        await ListDocumentsAsync<Evidence>("""
            SELECT * FROM c WHERE c.pk = @pk AND ARRAY_CONTAINS(c.controlIds, @control)
            ORDER BY c.effectiveOn DESC, c.id DESC
            """, [("@control", controlId)], cancellationToken);

    public IAsyncEnumerable<Evidence> StreamEvidenceAsync(CancellationToken cancellationToken = default) =>
        StreamDocumentsAsync<Evidence>("SELECT * FROM c WHERE c.pk = @pk ORDER BY c.id", cancellationToken);

    public async Task<AuditEvent?> FindLastAuditEventAsync(CancellationToken cancellationToken = default)
    {
        await foreach (var item in QueryAsync<JsonObject>(records, AuditEvent.Kind,
            "SELECT TOP 1 * FROM c WHERE c.pk = @pk ORDER BY c.sequence DESC", [], cancellationToken))
        {
            return CosmosItems.FromItem<AuditEvent>(item);
        }

        return null;
    }

    public IAsyncEnumerable<AuditEvent> StreamAuditTrailAsync(CancellationToken cancellationToken = default) =>
        StreamDocumentsAsync<AuditEvent>("SELECT * FROM c WHERE c.pk = @pk ORDER BY c.sequence", cancellationToken);

    private async Task<List<T>> ListDocumentsAsync<T>(
        string sql, IEnumerable<(string Name, object Value)> parameters, CancellationToken cancellationToken)
        where T : class, IDocument
    {
        var found = new List<T>();
        await foreach (var item in QueryAsync<JsonObject>(ContainerFor<T>(), T.Kind, sql, parameters, cancellationToken))
        {
            found.Add(CosmosItems.FromItem<T>(item));
        }

        return found;
    }

    private async IAsyncEnumerable<T> StreamDocumentsAsync<T>(string sql, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, IDocument
    {
        await foreach (var item in QueryAsync<JsonObject>(ContainerFor<T>(), T.Kind, sql, [], cancellationToken))
        {
            yield return CosmosItems.FromItem<T>(item);
        }
    }

    /// <summary>Runs a query inside one partition; <c>@pk</c> in the SQL is that partition.</summary>
    /// <summary>A query inside one partition (named by <c>@pk</c>), read to the end.</summary>
    internal static async IAsyncEnumerable<TResult> QueryAsync<TResult>(
        Container container, string partition, string sql, IEnumerable<(string Name, object Value)> parameters,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new QueryDefinition(sql).WithParameter("@pk", partition);
        foreach (var (name, value) in parameters) query = query.WithParameter(name, value);
        using var feed = container.GetItemQueryIterator<TResult>(query, requestOptions: new QueryRequestOptions
        {
            PartitionKey = new PartitionKey(partition),
            EnableOptimisticDirectExecution = true,
            MaxItemCount = 1000,
        });
        while (feed.HasMoreResults)
        {
            foreach (var result in await feed.ReadNextAsync(cancellationToken))
            {
                yield return result;
            }
        }
    }

    private sealed record CurrentEvidence(IReadOnlyList<string> ControlIds, DateOnly EffectiveOn);
}
