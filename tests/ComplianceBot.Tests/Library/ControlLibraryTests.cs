using ComplianceBot.Core.Library;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Validation;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Library;

public class ControlLibraryTests
{
    [Fact]
    public async Task Seeding_twice_adds_the_starter_library_once()
    {
        using var world = new TestWorld();
        Assert.Equal(StarterLibrary.Controls.Count, await world.Library.SeedStarterAsync());
        Assert.Equal(0, await world.Library.SeedStarterAsync());
        Assert.Equal(StarterLibrary.Controls.Count, await world.Store.CountAsync<Control>());
        Assert.Equal(1, await world.Store.CountAsync<AuditEvent>());
    }

    [Fact]
    public async Task Seeding_keeps_what_the_organisation_changed()
    {
        using var world = new TestWorld();
        await world.Library.SeedStarterAsync();
        var first = StarterLibrary.Controls[0].Id;
        await world.AddPersonAsync("olive@example.com", "Olive Owner");
        await world.Library.AssignAsync(first, "olive@example.com", null, "lead@example.com");
        await world.Library.ChangeCadenceAsync(first, Cadence.Monthly, 40, "lead@example.com");

        await world.Library.SeedStarterAsync();

        var control = (await world.Store.FindAsync<Control>(first))!.Document;
        Assert.Equal(("olive@example.com", Cadence.Monthly, 40), (control.OwnerId, control.Cadence, control.FreshnessDays));
    }

    [Fact]
    public async Task Adding_a_control_with_bad_fields_names_each_field()
    {
        using var world = new TestWorld();
        var bad = new Control
        {
            Id = "ac_1", Name = " ", Objective = "x", AttestationQuestion = "", Iso27001 = ["9.9"], Soc2 = ["CC99.1"],
        };
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Library.AddAsync(bad, "lead@example.com"));
        Assert.Equal(["id", "name", "attestationQuestion", "iso27001", "soc2"], error.Errors.Select(e => e.Field));
        Assert.Equal(0, await world.Store.CountAsync<Control>());
    }

    [Fact]
    public async Task Organisation_can_add_its_own_control()
    {
        using var world = new TestWorld();
        var added = await world.Library.AddAsync(new Control
        {
            Id = "CUS-01", Name = "Board reviews security quarterly", Objective = "Oversight.",
            AttestationQuestion = "Did the board review security this quarter?", Iso27001 = ["5.4"], Soc2 = ["CC1.2"],
            Origin = ControlOrigins.Starter,
        }, "lead@example.com");
        Assert.Equal(ControlOrigins.Custom, added.Origin);
        var duplicate = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Library.AddAsync(added, "lead@example.com"));
        Assert.Equal("id", duplicate.Errors.Single().Field);
    }

    [Fact]
    public async Task Not_applicable_needs_a_justification()
    {
        using var world = new TestWorld();
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            world.Library.DecideApplicabilityAsync("iso27001", "7.5", false, "no", "lead@example.com"));
        Assert.Equal("justification", error.Errors.Single().Field);

        var decision = await world.Library.DecideApplicabilityAsync(
            "iso27001", "7.5", false, "We operate no premises of our own; all hosting is in cloud regions.", "lead@example.com");
        Assert.False(decision.Applicable);
        Assert.Equal("iso27001:7.5", decision.Id);
    }

    [Theory]
    [InlineData("nist", "5.1", "framework")]
    [InlineData("iso27001", "5.99", "requirement")]
    [InlineData("soc2", "5.1", "requirement")]
    public async Task Decisions_on_unknown_requirements_are_refused(string framework, string requirement, string field)
    {
        using var world = new TestWorld();
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            world.Library.DecideApplicabilityAsync(framework, requirement, false, "A long enough justification.", "lead@example.com"));
        Assert.Equal(field, error.Errors.Single().Field);
    }
}
