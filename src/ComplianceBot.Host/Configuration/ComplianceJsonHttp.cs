using System.Text.Json;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Host.Configuration;

/// <summary>Endpoints answer in the same JSON shape the stores keep (camelCase, enums as names).</summary>
internal static class ComplianceJsonHttp
{
    public static void Apply(JsonSerializerOptions options)
    {
        options.DefaultIgnoreCondition = ComplianceJson.Options.DefaultIgnoreCondition;
        foreach (var converter in ComplianceJson.Options.Converters)
        {
            options.Converters.Add(converter);
        }
    }
}
