using ComplianceBot.Core.Records;
using ComplianceBot.Core.Risks;
using ComplianceBot.Core.Validation;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Risks;

public class RiskRegisterTests
{
    private static RiskDraft Draft(string title = "Laptops without disk encryption") => new(
        title, "Some field laptops were never enrolled.", "security", 4, 4, "Olive@Example.com",
        RiskTreatment.Mitigate, ["AC-01"], new DateOnly(2027, 2, 1));

    [Fact]
    public async Task Raised_risks_are_numbered_scored_and_banded()
    {
        using var world = new TestWorld();
        await world.AddPersonAsync("olive@example.com", "Olive Owner");
        await world.AddControlAsync("AC-01");

        var first = await world.Risks.RaiseAsync(Draft(), "eve@example.com");
        var second = await world.Risks.RaiseAsync(Draft("Shared admin password on the NAS"), "eve@example.com");

        Assert.Equal(("RISK-0001", 16, RiskLevel.High, "Security", "olive@example.com"),
            (first.Id, first.Inherent.Score, world.Criteria.LevelOf(first.Inherent), first.Category, first.OwnerId));
        Assert.Equal("RISK-0002", second.Id);
    }

    [Fact]
    public async Task Invalid_draft_names_every_bad_field_and_saves_nothing()
    {
        using var world = new TestWorld();
        var draft = new RiskDraft("x", null, "weather", 0, 6, "nobody@example.com", null, ["ZZ-99"], new DateOnly(2026, 11, 1));
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Risks.RaiseAsync(draft, "eve@example.com"));
        Assert.Equal(["title", "category", "likelihood", "impact", "owner", "controls", "reviewDate"], error.Errors.Select(e => e.Field));
        Assert.Equal(0, await world.Store.CountAsync<Risk>());
        Assert.Equal(0, await world.Store.CountAsync<AuditEvent>());
    }
}
