using ComplianceBot.Core.Frameworks;

namespace ComplianceBot.Core.Digests;

/// <summary>The framework choice of a subscription: iso, soc2 or all.</summary>
public static class DigestFrameworks
{
    public static IReadOnlyList<string>? Parse(string? choice) => choice?.Trim().ToLowerInvariant() switch
    {
        null or "" or "all" or "both" => FrameworkIds.All,
        "iso" or "iso27001" or "iso 27001" or "27001" => [FrameworkIds.Iso27001],
        "soc2" or "soc 2" or "soc" => [FrameworkIds.Soc2],
        _ => null,
    };

    public static string Describe(IReadOnlyList<string> frameworks)
    {
        ArgumentNullException.ThrowIfNull(frameworks);
        return frameworks.Count >= FrameworkIds.All.Count ? "ISO 27001 and SOC 2"
            : string.Join(" and ", frameworks.Select(Name));
    }

    /// <summary>The framework as people say it: ISO 27001 or SOC 2.</summary>
    public static string Name(string frameworkId) => frameworkId == FrameworkIds.Iso27001 ? "ISO 27001" : "SOC 2";

    public static string ShortLabel(string frameworkId) => frameworkId == FrameworkIds.Iso27001 ? "ISO" : "SOC2";
}
