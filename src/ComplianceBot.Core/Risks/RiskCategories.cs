namespace ComplianceBot.Core.Risks;

public static class RiskCategories
{
    public static IReadOnlyList<string> All { get; } =
    [
        "Security", "Privacy", "Operational", "Third party", "Legal and regulatory", "Technology", "People",
        "Financial", "Strategic",
    ];

    public static string? Normalise(string? value) =>
        All.FirstOrDefault(c => string.Equals(c, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}
