using System.Text;
using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Records;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Coverage;

public sealed class CoverageProgressTests
{
    [Fact]
    public async Task A_gap_that_becomes_partial_is_progress_even_when_the_percentage_stays()
    {
        // Annex A 5.15 has two controls; AC-01 becomes effective (Q3 answered, evidence approved), AC-02 does not.
        using var world = new TestWorld();
        var olive = await world.AddPersonAsync("olive@example.com", "Olive Owner");
        await world.AddControlAsync("AC-01", olive.Id, null, "5.15");
        await world.AddControlAsync("AC-02", null, null, "5.15");
        var before = await world.Coverage.ComputeAsync();

        await world.Attestations.AnswerAsync(new AttestationAnswer("AC-01", olive.Id, AttestationResult.Operating, null, [], "2026-Q3"));
        await world.Locker.FileAsync(new EvidenceUpload(new MemoryStream(Encoding.UTF8.GetBytes("access review")), "review.pdf", "application/pdf", null,
            ["AC-01"], new DateOnly(2026, 9, 20), null, olive.Id, null, EvidenceReview.Approved));
        var after = await world.Coverage.ComputeAsync();

        var iso = CoverageProgress.Describe(before, after).Split(" · ")[0];
        Assert.Equal($"{after.Frameworks[0].Name} still 0%, closer on 5.15 gap → partial", iso);

        // Who can close 5.15 now: nobody owns AC-02.
        var requirement = after.Frameworks[0].Requirements.Single(r => r.Requirement.Id == "5.15");
        Assert.Equal("1 control without an owner", requirement.DescribeOwners());
        Assert.Equal("attestation overdue", ControlFindings.Describe(requirement.Failing.Single().Finding));
    }
}
