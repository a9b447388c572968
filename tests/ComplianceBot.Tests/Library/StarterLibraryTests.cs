using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Library;

namespace ComplianceBot.Tests.Library;

public class StarterLibraryTests
{
    private static readonly FrameworkCatalog Catalog = FrameworkCatalog.Default;

    [Fact]
    public void Library_has_at_least_60_controls_with_unique_well_formed_ids()
    {
        var ids = StarterLibrary.Controls.Select(c => c.Id).ToList();
        Assert.True(ids.Count >= 60, $"only {ids.Count} controls");
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(ControlLibrary.IsValidControlId(id), id));
    }

    [Fact]
    public void Every_control_is_complete()
    {
        Assert.All(StarterLibrary.Controls, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Name), c.Id);
            Assert.False(string.IsNullOrWhiteSpace(c.Objective), c.Id);
            Assert.EndsWith("?", c.AttestationQuestion, StringComparison.Ordinal);
            Assert.NotEmpty(c.ExpectedEvidence);
            Assert.InRange(c.FreshnessDays, 20, 400);
            Assert.True(c.Iso27001.Count + c.Soc2.Count > 0, $"{c.Id} maps nothing");
            Assert.Equal("starter", c.Origin);
        });
    }

    [Fact]
    public void Every_mapping_names_a_real_requirement()
    {
        Assert.All(StarterLibrary.Controls, c =>
        {
            Assert.All(c.Iso27001, id => Assert.True(Catalog.Iso27001.Find(id) is not null, $"{c.Id} maps unknown Annex A {id}"));
            Assert.All(c.Soc2, id => Assert.True(Catalog.Soc2.Find(id) is not null, $"{c.Id} maps unknown criterion {id}"));
        });
    }

    [Fact]
    public void Every_Annex_A_control_is_mapped_by_at_least_one_control()
    {
        var mapped = StarterLibrary.Controls.SelectMany(c => c.Iso27001).ToHashSet();
        var unmapped = Catalog.Iso27001.Requirements.Select(r => r.Id).Where(id => !mapped.Contains(id)).ToList();
        Assert.Empty(unmapped);
    }

    [Fact]
    public void Every_SOC2_criterion_is_mapped_by_at_least_one_control()
    {
        var mapped = StarterLibrary.Controls.SelectMany(c => c.Soc2).ToHashSet();
        var unmapped = Catalog.Soc2.Requirements.Select(r => r.Id).Where(id => !mapped.Contains(id)).ToList();
        Assert.Empty(unmapped);
        Assert.Contains("CC9.2", mapped);
    }
}
