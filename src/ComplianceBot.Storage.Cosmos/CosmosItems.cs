using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Storage.Cosmos;

/// <summary>
/// A record as a Cosmos DB item: the record's own JSON (as the embedded store keeps it) plus its partition key
/// in <c>pk</c>, with the id escaped where Cosmos DB does not allow a character.
/// </summary>
internal static class CosmosItems
{
    public const string PartitionKeyProperty = "pk";

    public static JsonObject ToItem<T>(T document)
        where T : class, IDocument
    {
        var item = JsonSerializer.SerializeToNode(document, ComplianceJson.Options)!.AsObject();
        item["id"] = CosmosLayout.ToCosmosId(document.Id);
        item[PartitionKeyProperty] = CosmosLayout.PartitionOf(T.Kind, document.Id);
        return item;
    }

    public static T FromItem<T>(JsonObject item)
    {
        if (item["id"]?.GetValue<string>() is { } id && id.Contains('~', StringComparison.Ordinal))
        {
            item["id"] = CosmosLayout.FromCosmosId(id);
        }

        return item.Deserialize<T>(ComplianceJson.Options)!;
    }

    public static Stream ToStream(JsonObject item)
    {
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            item.WriteTo(writer);
        }

        stream.Position = 0;
        return stream;
    }

    public static async Task<JsonObject> ReadAsync(Stream content, CancellationToken cancellationToken) =>
        (await JsonSerializer.DeserializeAsync<JsonObject>(content, ComplianceJson.Options, cancellationToken))!;
}
