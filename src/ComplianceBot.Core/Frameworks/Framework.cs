namespace ComplianceBot.Core.Frameworks;

/// <summary>A framework's catalog. <see cref="Requirements"/> are what coverage is measured against.</summary>
/// <param name="ManagementClauses">ISO 27001 clauses 4–10: management-system requirements listed for reference.</param>
public sealed record Framework(
    string Id,
    string Name,
    string Edition,
    IReadOnlyList<Requirement> Requirements,
    IReadOnlyList<Requirement> ManagementClauses)
{
    private readonly Dictionary<string, Requirement> byId =
        Requirements.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);

    public Requirement? Find(string requirementId) =>
        byId.TryGetValue(requirementId, out var requirement) ? requirement : null;
}
