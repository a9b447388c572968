using ComplianceBot.Core.Frameworks;

namespace ComplianceBot.Tests.Frameworks;

public class FrameworkCatalogTests
{
    private readonly FrameworkCatalog catalog = FrameworkCatalog.Default;

    [Fact]
    public void Iso_catalog_holds_all_93_Annex_A_controls_in_four_themes()
    {
        Assert.Equal(93, catalog.Iso27001.Requirements.Count);
        Assert.Equal(37, catalog.Iso27001.Requirements.Count(r => r.Group == "Organizational"));
        Assert.Equal(8, catalog.Iso27001.Requirements.Count(r => r.Group == "People"));
        Assert.Equal(14, catalog.Iso27001.Requirements.Count(r => r.Group == "Physical"));
        Assert.Equal(34, catalog.Iso27001.Requirements.Count(r => r.Group == "Technological"));
        Assert.Equal("Privacy and protection of PII", catalog.Iso27001.Find("5.34")!.Title);
        Assert.Equal("Secure coding", catalog.Iso27001.Find("8.28")!.Title);
    }

    [Fact]
    public void Iso_catalog_lists_the_management_clauses_4_to_10()
    {
        var clauses = catalog.Iso27001.ManagementClauses.Select(c => c.Id).ToList();
        Assert.Contains("4.1", clauses);
        Assert.Contains("6.1.3", clauses);
        Assert.Contains("10.2", clauses);
        Assert.DoesNotContain(clauses, c => c.StartsWith("11", StringComparison.Ordinal));
    }

    [Fact]
    public void Soc2_catalog_holds_61_criteria_with_categories()
    {
        Assert.Equal(61, catalog.Soc2.Requirements.Count);
        Assert.Equal(33, catalog.Soc2.Requirements.Count(r => r.Group == Soc2Categories.Security));
        Assert.Equal(3, catalog.Soc2.Requirements.Count(r => r.Group == Soc2Categories.Availability));
        Assert.Equal(2, catalog.Soc2.Requirements.Count(r => r.Group == Soc2Categories.Confidentiality));
        Assert.Equal(5, catalog.Soc2.Requirements.Count(r => r.Group == Soc2Categories.ProcessingIntegrity));
        Assert.Equal(18, catalog.Soc2.Requirements.Count(r => r.Group == Soc2Categories.Privacy));
        Assert.NotNull(catalog.Soc2.Find("CC9.2"));
        Assert.NotNull(catalog.Soc2.Find("P8.1"));
    }

    [Fact]
    public void Security_is_always_in_scope_and_other_categories_are_opt_in()
    {
        var securityOnly = FrameworkCatalog.InScope(catalog.Soc2, Soc2Scope.SecurityOnly);
        Assert.Equal(33, securityOnly.Count);
        Assert.All(securityOnly, r => Assert.StartsWith("CC", r.Id, StringComparison.Ordinal));

        var withPrivacy = FrameworkCatalog.InScope(catalog.Soc2, new Soc2Scope(["privacy", "Processing-Integrity"]));
        Assert.Equal(33 + 18 + 5, withPrivacy.Count);
        Assert.Equal(93, FrameworkCatalog.InScope(catalog.Iso27001, Soc2Scope.SecurityOnly).Count);
    }

    [Fact]
    public void Unknown_soc2_category_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new Soc2Scope(["Availability", "Resilience"]));
        Assert.Contains("Resilience", error.Message, StringComparison.Ordinal);
    }
}
