using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComplianceBot.Core.Storage;

/// <summary>The one JSON shape of every record, whichever store keeps it and whichever endpoint shows it.</summary>
public static class ComplianceJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
