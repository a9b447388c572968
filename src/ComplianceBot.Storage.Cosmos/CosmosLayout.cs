using System.Buffers;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using ComplianceBot.Core.Records;
using Microsoft.Azure.Cosmos;

namespace ComplianceBot.Storage.Cosmos;

/// <summary>
/// Where each kind of record lives. Every document carries its partition key in <c>pk</c>, and the key is a
/// function of (kind, id) alone, so every read by id is a point read. Each kind keeps the partitions listed by
/// <see cref="PartitionsOf"/>; every query names one of them in its WHERE clause and the store merges or
/// aggregates the answers itself.
/// </summary>
public static class CosmosLayout
{
    /// <summary>The records of the compliance domain and the audit trail.</summary>
    public const string Records = "records";

    /// <summary>Accepted chat events: the write-heavy, ever-growing kind, kept apart with a lean index.</summary>
    public const string Inbox = "inbox";

    public const string PartitionKeyPath = "/pk";

    /// <summary>
    /// Inbox items are spread over this many partitions by a hash of their delivery id, so no single partition
    /// takes every write. Fixed: changing it would strand the items already stored.
    /// </summary>
    public const int InboxPartitions = 16;

    private const string Escaped = "/\\?#%~";

    private static readonly SearchValues<char> EscapedChars = SearchValues.Create(Escaped);

    private static readonly ReadOnlyCollection<string> InboxPartitionKeys =
        Enumerable.Range(0, InboxPartitions).Select(i => $"inbox-{i:D2}").ToList().AsReadOnly();

    /// <summary>The partition key of one document: its kind, or for inbox items one of the inbox partitions.</summary>
    public static string PartitionOf(string kind, string id) =>
        kind == InboxItem.Kind ? InboxPartitionKeys[(int)(Fnv1a(id) % InboxPartitions)] : kind;

    public static IReadOnlyList<string> PartitionsOf(string kind) => kind == InboxItem.Kind ? InboxPartitionKeys : [kind];

    public static ContainerProperties RecordsContainer()
    {
        var container = new ContainerProperties(Records, PartitionKeyPath);
        var policy = container.IndexingPolicy;
        policy.IndexingMode = IndexingMode.Consistent;
        policy.Automatic = true;
        policy.IncludedPaths.Add(new IncludedPath { Path = "/*" });

        // Never filtered or sorted on: snapshot figures, audit details and hashes, people's chat accounts, files.
        foreach (var path in new[] { "/\"_etag\"/?", "/frameworks/*", "/details/?", "/hash/?", "/previousHash/?", "/chatIdentities/*", "/file/*", "/address/*" })
        {
            policy.ExcludedPaths.Add(new ExcludedPath { Path = path });
        }

        // ORDER BY on two properties needs a composite index: the evidence of one control, newest first.
        policy.CompositeIndexes.Add(new Collection<CompositePath>
        {
            new() { Path = "/effectiveOn", Order = CompositePathSortOrder.Descending },
            new() { Path = "/id", Order = CompositePathSortOrder.Descending },
        });
        return container;
    }

    public static ContainerProperties InboxContainer()
    {
        // Time-to-live on, with no default: finished items carry their own (see CosmosInbox).
        var container = new ContainerProperties(Inbox, PartitionKeyPath) { DefaultTimeToLive = -1 };
        var policy = container.IndexingPolicy;
        policy.IndexingMode = IndexingMode.Consistent;
        policy.Automatic = true;

        // Only what the recovery query filters and sorts on: writes stay cheap, payloads are never indexed.
        foreach (var path in new[] { "/pk/?", "/state/?", "/receivedAt/?", "/leaseUntil/?" })
        {
            policy.IncludedPaths.Add(new IncludedPath { Path = path });
        }

        policy.ExcludedPaths.Add(new ExcludedPath { Path = "/*" });
        policy.CompositeIndexes.Add(new Collection<CompositePath>
        {
            new() { Path = "/state", Order = CompositePathSortOrder.Ascending },
            new() { Path = "/receivedAt", Order = CompositePathSortOrder.Ascending },
        });
        return container;
    }

    /// <summary>
    /// Cosmos DB ids may not contain / \ ? #, and % does not survive the request path: those (and the escape
    /// character ~ itself) are written as ~XX and read back unchanged.
    /// </summary>
    public static string ToCosmosId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.AsSpan().IndexOfAny(EscapedChars) < 0) return id;
        var escaped = new StringBuilder(id.Length + 8);
        foreach (var c in id)
        {
            if (EscapedChars.Contains(c)) escaped.Append('~').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else escaped.Append(c);
        }

        return escaped.ToString();
    }

    public static string FromCosmosId(string cosmosId)
    {
        ArgumentNullException.ThrowIfNull(cosmosId);
        if (!cosmosId.Contains('~', StringComparison.Ordinal)) return cosmosId;
        var id = new StringBuilder(cosmosId.Length);
        for (var i = 0; i < cosmosId.Length; i++)
        {
            if (cosmosId[i] == '~' && i + 2 < cosmosId.Length && int.TryParse(cosmosId.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                id.Append((char)code);
                i += 2;
            }
            else
            {
                id.Append(cosmosId[i]);
            }
        }

        return id.ToString();
    }

    // A stable hash (string.GetHashCode differs per process).
    private static uint Fnv1a(string value)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
