using System.Reflection;
using ComplianceBot.Core.Text;

namespace ComplianceBot.Core.Frameworks;

/// <summary>ISO/IEC 27001:2022 and SOC 2 (2017 TSC), loaded from the catalogs embedded in this assembly.</summary>
public sealed class FrameworkCatalog
{
    private FrameworkCatalog(Framework iso, Framework soc2)
    {
        Iso27001 = iso;
        Soc2 = soc2;
    }

    public Framework Iso27001 { get; }

    public Framework Soc2 { get; }

    public IReadOnlyList<Framework> All => [Iso27001, Soc2];

    public static FrameworkCatalog Default { get; } = Load();

    public Framework? Find(string frameworkId) =>
        All.FirstOrDefault(f => string.Equals(f.Id, frameworkId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The requirements coverage is measured against, given which SOC 2 categories are in scope.</summary>
    public static IReadOnlyList<Requirement> InScope(Framework framework, Soc2Scope scope)
    {
        ArgumentNullException.ThrowIfNull(framework);
        ArgumentNullException.ThrowIfNull(scope);
        return framework.Id == FrameworkIds.Soc2
            ? framework.Requirements.Where(r => scope.Includes(r.Group)).ToList()
            : framework.Requirements;
    }

    private static FrameworkCatalog Load()
    {
        var annexA = ReadRows("iso27001-2022-annexA.csv")
            .Select(r => new Requirement(FrameworkIds.Iso27001, r[0], r[1], r[2]))
            .ToList();
        var clauses = ReadRows("iso27001-2022-clauses.csv")
            .Select(r => new Requirement(FrameworkIds.Iso27001, r[0], r[1], "Clause"))
            .ToList();
        var criteria = ReadRows("soc2-tsc-2017.csv")
            .Select(r => new Requirement(FrameworkIds.Soc2, r[0], r[1], Soc2Categories.FromCatalog(r[2])))
            .ToList();
        return new FrameworkCatalog(
            new Framework(FrameworkIds.Iso27001, "ISO/IEC 27001", "2022", annexA, clauses),
            new Framework(FrameworkIds.Soc2, "SOC 2", "2017 Trust Services Criteria", criteria, []));
    }

    private static List<string[]> ReadRows(string file)
    {
        using var stream = typeof(FrameworkCatalog).Assembly.GetManifestResourceStream("Frameworks." + file)
            ?? throw new InvalidOperationException($"Catalog {file} is not embedded.");
        using var reader = new StreamReader(stream);
        return Csv.Read(reader).Skip(1).Where(r => r.Length >= 3 && r[0].Length > 0).ToList();
    }
}
