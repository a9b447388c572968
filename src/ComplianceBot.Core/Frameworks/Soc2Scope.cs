namespace ComplianceBot.Core.Frameworks;

/// <summary>Which SOC 2 categories an organisation reports on. Security is always included.</summary>
public sealed class Soc2Scope
{
    private readonly HashSet<string> categories;

    public Soc2Scope(IEnumerable<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        this.categories = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Soc2Categories.Security };
        foreach (var name in categories)
        {
            this.categories.Add(Soc2Categories.Normalise(name)
                ?? throw new ArgumentException($"'{name}' is not a SOC 2 category.", nameof(categories)));
        }
    }

    public static Soc2Scope SecurityOnly { get; } = new([]);

    public static Soc2Scope Everything { get; } = new(Soc2Categories.All);

    public IReadOnlyCollection<string> Categories => categories;

    public bool Includes(string category) => categories.Contains(category);
}
