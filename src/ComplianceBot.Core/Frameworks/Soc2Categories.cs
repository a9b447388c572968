namespace ComplianceBot.Core.Frameworks;

/// <summary>The five Trust Services categories. Security (the Common Criteria) is always in scope.</summary>
public static class Soc2Categories
{
    public const string Security = "Security";
    public const string Availability = "Availability";
    public const string Confidentiality = "Confidentiality";
    public const string ProcessingIntegrity = "Processing Integrity";
    public const string Privacy = "Privacy";

    public static IReadOnlyList<string> All { get; } =
        [Security, Availability, Confidentiality, ProcessingIntegrity, Privacy];

    /// <summary>Maps a configured name ("privacy", "ProcessingIntegrity", "Processing Integrity") to its category.</summary>
    public static string? Normalise(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var squeezed = name.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return All.FirstOrDefault(c => string.Equals(c.Replace(" ", "", StringComparison.Ordinal), squeezed, StringComparison.OrdinalIgnoreCase));
    }

    internal static string FromCatalog(string category) =>
        category.StartsWith("Common Criteria", StringComparison.Ordinal) ? Security : category;
}
