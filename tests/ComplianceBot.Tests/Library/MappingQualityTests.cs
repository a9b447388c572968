using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Library;
using ComplianceBot.Core.Records;

namespace ComplianceBot.Tests.Library;

/// <summary>The starter library's mappings, as reviewed control by control: each fix held by a test.</summary>
public class MappingQualityTests
{
    private static Control C(string id) => StarterLibrary.Controls.Single(c => c.Id == id);

    private static IEnumerable<string> Carriers(string frameworkId, string requirementId) =>
        StarterLibrary.Controls.Where(c => c.IsPrimaryFor(frameworkId, requirementId)).Select(c => c.Id);

    [Fact]
    public void Board_reporting_no_longer_carries_management_responsibilities_which_GOV_02_does()
    {
        Assert.DoesNotContain("5.4", C("GOV-04").MappedTo(FrameworkIds.Iso27001));
        Assert.Contains("GOV-02", Carriers(FrameworkIds.Iso27001, "5.4"));
        Assert.Contains("CC1.2", C("GOV-04").Soc2); // board oversight stays where it belongs
    }

    [Fact]
    public void Self_assessment_only_supports_information_quality_and_control_selection()
    {
        Assert.False(C("CMP-03").IsPrimaryFor(FrameworkIds.Soc2, "CC2.1"));
        Assert.Contains("CC2.1", C("CMP-03").MappedTo(FrameworkIds.Soc2));
        Assert.False(C("CMP-03").IsPrimaryFor(FrameworkIds.Soc2, "CC5.1"));
        Assert.Equal(["AM-01", "LOG-01"], Carriers(FrameworkIds.Soc2, "CC2.1").Order());
        Assert.Contains("RSK-02", Carriers(FrameworkIds.Soc2, "CC5.1"));
    }

    [Fact]
    public void Independent_audit_is_not_board_independence()
    {
        Assert.DoesNotContain("CC1.2", C("CMP-02").MappedTo(FrameworkIds.Soc2));
        Assert.Equal(["GOV-04"], Carriers(FrameworkIds.Soc2, "CC1.2"));
    }

    [Fact]
    public void Privacy_data_quality_and_disclosure_accounting_each_have_more_than_one_control()
    {
        Assert.Equal(["DAT-03", "PRI-03"], Carriers(FrameworkIds.Soc2, "P7.1").Order());
        Assert.Equal(["PRI-03", "PRI-04"], Carriers(FrameworkIds.Soc2, "P6.7").Order());
    }

    [Fact]
    public void The_obligations_register_does_not_claim_external_communication()
    {
        Assert.DoesNotContain("CC2.3", C("CMP-01").MappedTo(FrameworkIds.Soc2));
        Assert.Contains("GOV-05", Carriers(FrameworkIds.Soc2, "CC2.3"));
    }

    [Fact]
    public void Policies_do_not_claim_integrity_and_ethical_values_which_employment_terms_carry()
    {
        Assert.DoesNotContain("CC1.1", C("GOV-01").MappedTo(FrameworkIds.Soc2));
        Assert.Contains("HR-02", Carriers(FrameworkIds.Soc2, "CC1.1"));
    }

    [Fact]
    public void Stored_data_integrity_is_not_backup()
    {
        Assert.DoesNotContain("8.13", C("DAT-05").MappedTo(FrameworkIds.Iso27001));
        Assert.Contains("OPS-03", Carriers(FrameworkIds.Iso27001, "8.13"));
    }

    [Fact]
    public void A_business_impact_analysis_is_not_recovery_infrastructure()
    {
        Assert.DoesNotContain("A1.2", C("BCM-01").MappedTo(FrameworkIds.Soc2));
        Assert.Contains("OPS-03", Carriers(FrameworkIds.Soc2, "A1.2"));
    }

    [Fact]
    public void Configuration_baselines_count_for_change_management()
    {
        Assert.True(C("VUL-03").IsPrimaryFor(FrameworkIds.Soc2, "CC8.1"));
    }

    [Fact]
    public void Incident_communication_and_breach_notification_count_as_contact_with_authorities()
    {
        Assert.True(C("INC-03").IsPrimaryFor(FrameworkIds.Iso27001, "5.5"));
        Assert.True(C("PRI-05").IsPrimaryFor(FrameworkIds.Iso27001, "5.5"));
    }

    [Fact]
    public void Every_mapping_names_a_requirement_of_its_framework_once()
    {
        foreach (var control in StarterLibrary.Controls)
        {
            foreach (var framework in FrameworkCatalog.Default.All)
            {
                var ids = framework.Requirements.Select(r => r.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var mapped = control.MappedTo(framework.Id);
                Assert.All(mapped, id => Assert.Contains(id, ids));
                Assert.Equal(mapped.Count, mapped.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            }
        }
    }
}
