using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using ComplianceBot.Core.Storage;
using Microsoft.Azure.Cosmos;

namespace ComplianceBot.Storage.Cosmos;

/// <summary>
/// The SDK's serializer replaced by System.Text.Json with <see cref="ComplianceJson.Options"/>, so a record in
/// Cosmos DB has exactly the JSON shape it has in the embedded store, and query parameters (dates, enums) are
/// written the way the stored documents write them.
/// </summary>
public sealed class CosmosJsonSerializer : CosmosLinqSerializer
{
    private readonly JsonSerializerOptions options = ComplianceJson.Options;

    public override T FromStream<T>(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (typeof(Stream).IsAssignableFrom(typeof(T))) return (T)(object)stream;
        using (stream)
        {
            return stream.CanSeek && stream.Length == 0 ? default! : JsonSerializer.Deserialize<T>(stream, options)!;
        }
    }

    public override Stream ToStream<T>(T input)
    {
        var stream = new MemoryStream();
        JsonSerializer.Serialize(stream, input, options);
        stream.Position = 0;
        return stream;
    }

    public override string SerializeMemberName(MemberInfo memberInfo)
    {
        ArgumentNullException.ThrowIfNull(memberInfo);
        var named = memberInfo.GetCustomAttribute<JsonPropertyNameAttribute>();
        return named?.Name ?? options.PropertyNamingPolicy?.ConvertName(memberInfo.Name) ?? memberInfo.Name;
    }
}
