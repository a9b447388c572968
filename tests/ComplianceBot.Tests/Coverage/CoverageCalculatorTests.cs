using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Tests.Coverage;

/// <summary>Expectations computed by hand from the rules: covered = all mapped controls effective, partial = some.</summary>
public class CoverageCalculatorTests
{
    private static readonly CompliancePolicy Policy = new(Soc2Scope.SecurityOnly, TimeZoneInfo.Utc, AttestationDueDays: 14);
    private static readonly DateTimeOffset Nov20 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private static Control Control(string id, Cadence cadence, int freshness, string[] iso, string[]? soc2 = null) => new()
    {
        Id = id,
        Name = $"Control {id}",
        Objective = "Test objective.",
        AttestationQuestion = "Does it work?",
        Cadence = cadence,
        FreshnessDays = freshness,
        Iso27001 = iso,
        Soc2 = soc2 ?? [],
        OwnerId = "owner@example.com",
    };

    private static Attestation Answer(string controlId, string period, AttestationResult result) => new()
    {
        Id = Attestation.IdFor(controlId, period),
        ControlId = controlId,
        Period = period,
        DueOn = new DateOnly(2026, 1, 1),
        Status = AttestationStatus.Answered,
        Result = result,
        AttestorId = "owner@example.com",
        AnsweredAt = Nov20.AddDays(-10),
        RequestedAt = Nov20.AddDays(-30),
    };

    private static EvidenceFreshness Evidence(string controlId, int year, int month, int day) =>
        new(controlId, new DateOnly(year, month, day), 1);

    private static CoverageReport Compute(
        DateTimeOffset asOf, Control[] controls, Attestation[] attestations, EvidenceFreshness[] evidence, RequirementDecision[]? decisions = null) =>
        CoverageCalculator.Compute(FrameworkCatalog.Default, Policy, new CoverageInputs(
            asOf, controls, decisions ?? [],
            [new Person { Id = "owner@example.com", Email = "owner@example.com", DisplayName = "Olive Owner" }],
            attestations, evidence));

    [Fact]
    public void Mixed_organisation_matches_hand_computed_coverage()
    {
        var report = Compute(
            Nov20,
            [
                Control("TST-01", Cadence.Quarterly, 90, ["5.1"], ["CC1.1"]),
                Control("TST-02", Cadence.Quarterly, 30, ["5.1", "5.2"]),
                Control("TST-03", Cadence.Monthly, 40, ["5.3"]),
                Control("TST-04", Cadence.Annual, 400, ["5.4"], ["CC1.2"]),
            ],
            [
                Answer("TST-01", "2026-Q4", AttestationResult.Operating),
                Answer("TST-02", "2026-Q4", AttestationResult.Operating),
                Answer("TST-03", "2026-10", AttestationResult.Operating),
                Answer("TST-04", "2026", AttestationResult.NotApplicable),
            ],
            [Evidence("TST-01", 2026, 10, 1), Evidence("TST-02", 2026, 10, 1), Evidence("TST-03", 2026, 11, 1)],
            [new RequirementDecision
            {
                Id = "iso27001:5.5", FrameworkId = "iso27001", RequirementId = "5.5", Applicable = false,
                Justification = "No authorities relevant to our scope.", DecidedBy = "lead@example.com", DecidedAt = Nov20,
            }]);

        var status = report.Controls.ToDictionary(c => c.ControlId);
        Assert.Equal((ControlState.Effective, ControlFinding.None), (status["TST-01"].State, status["TST-01"].Finding));
        Assert.Equal((ControlState.Partial, ControlFinding.EvidenceStale), (status["TST-02"].State, status["TST-02"].Finding));
        Assert.Equal((ControlState.Gap, ControlFinding.AttestationOverdue), (status["TST-03"].State, status["TST-03"].Finding));
        Assert.Equal(ControlState.NotApplicable, status["TST-04"].State);
        Assert.Equal("Olive Owner", status["TST-02"].OwnerName);

        var iso = report.For(FrameworkIds.Iso27001)!;
        var state = iso.Requirements.ToDictionary(r => r.Requirement.Id, r => r.State);
        Assert.Equal(RequirementState.Partial, state["5.1"]);   // TST-01 effective, TST-02 not
        Assert.Equal(RequirementState.Gap, state["5.2"]);       // only TST-02, stale evidence
        Assert.Equal(RequirementState.Gap, state["5.3"]);       // attestation overdue
        Assert.Equal(RequirementState.Gap, state["5.4"]);       // its only control attested not applicable
        Assert.Equal(RequirementState.Excluded, state["5.5"]);  // marked not applicable
        Assert.Equal(RequirementState.Gap, state["5.6"]);       // nothing mapped
        Assert.Equal((93, 1, 0, 1, 91, 0.0), (iso.InScope, iso.Excluded, iso.Covered, iso.Partial, iso.Gaps, iso.Percent));
        Assert.Equal(["TST-02"], iso.Requirements.Single(r => r.Requirement.Id == "5.1").Failing.Select(f => f.ControlId));

        var soc2 = report.For(FrameworkIds.Soc2)!;
        Assert.Equal((33, 0, 1, 0, 32), (soc2.InScope, soc2.Excluded, soc2.Covered, soc2.Partial, soc2.Gaps));
        Assert.Equal(3.0, soc2.Percent); // 1 of 33
    }

    [Fact]
    public void All_mapped_controls_effective_covers_the_requirement()
    {
        var report = Compute(
            Nov20,
            [Control("TST-01", Cadence.Quarterly, 90, ["8.8"]), Control("TST-02", Cadence.Monthly, 40, ["8.8"])],
            [Answer("TST-01", "2026-Q4", AttestationResult.Operating), Answer("TST-02", "2026-11", AttestationResult.Operating)],
            [Evidence("TST-01", 2026, 11, 1), Evidence("TST-02", 2026, 11, 15)]);

        var iso = report.For(FrameworkIds.Iso27001)!;
        Assert.Equal(RequirementState.Covered, iso.Requirements.Single(r => r.Requirement.Id == "8.8").State);
        Assert.Equal(1, iso.Covered);
        Assert.Equal(1.1, iso.Percent); // 1 of 93
    }

    [Fact]
    public void Previous_period_answer_stands_until_the_current_one_is_due()
    {
        var control = Control("TST-01", Cadence.Quarterly, 90, ["5.1"]);
        Attestation[] lastQuarter = [Answer("TST-01", "2026-Q3", AttestationResult.Operating)];
        EvidenceFreshness[] evidence = [Evidence("TST-01", 2026, 9, 15)];

        var beforeDue = Compute(new DateTimeOffset(2026, 10, 14, 12, 0, 0, TimeSpan.Zero), [control], lastQuarter, evidence);
        Assert.Equal(ControlState.Effective, beforeDue.Controls.Single().State);
        Assert.Equal("2026-Q3", beforeDue.Controls.Single().AttestedPeriod);

        var afterDue = Compute(new DateTimeOffset(2026, 10, 15, 12, 0, 0, TimeSpan.Zero), [control], lastQuarter, evidence);
        Assert.Equal((ControlState.Gap, ControlFinding.AttestationOverdue), (afterDue.Controls.Single().State, afterDue.Controls.Single().Finding));
    }

    [Fact]
    public void Operating_answer_without_evidence_is_partial_and_not_operating_is_a_gap()
    {
        var report = Compute(
            Nov20,
            [Control("TST-01", Cadence.Quarterly, 90, ["5.1"]), Control("TST-02", Cadence.Quarterly, 90, ["5.2"])],
            [Answer("TST-01", "2026-Q4", AttestationResult.Operating), Answer("TST-02", "2026-Q4", AttestationResult.NotOperating)],
            [Evidence("TST-02", 2026, 11, 1)]);

        var status = report.Controls.ToDictionary(c => c.ControlId);
        Assert.Equal((ControlState.Partial, ControlFinding.NoEvidence), (status["TST-01"].State, status["TST-01"].Finding));
        Assert.Equal((ControlState.Gap, ControlFinding.NotOperating), (status["TST-02"].State, status["TST-02"].Finding));
    }

    [Fact]
    public void Unanswered_request_is_not_an_answer()
    {
        var requested = Answer("TST-01", "2026-Q4", AttestationResult.Operating) with { Status = AttestationStatus.Requested, Result = null };
        var report = Compute(Nov20, [Control("TST-01", Cadence.Quarterly, 90, ["5.1"])], [requested], [Evidence("TST-01", 2026, 11, 1)]);
        Assert.Equal(ControlFinding.AttestationOverdue, report.Controls.Single().Finding);
    }

    [Fact]
    public void Evidence_exactly_at_the_freshness_limit_still_counts()
    {
        // 2026-11-20 minus 50 days is 2026-10-01.
        var control = Control("TST-01", Cadence.Quarterly, 50, ["5.1"]);
        Attestation[] answered = [Answer("TST-01", "2026-Q4", AttestationResult.Operating)];
        Assert.Equal(ControlState.Effective, Compute(Nov20, [control], answered, [Evidence("TST-01", 2026, 10, 1)]).Controls.Single().State);
        Assert.Equal(ControlFinding.EvidenceStale, Compute(Nov20, [control], answered, [Evidence("TST-01", 2026, 9, 30)]).Controls.Single().Finding);
    }

    [Fact]
    public void Shortfalls_list_gaps_before_partials()
    {
        var report = Compute(
            Nov20,
            [Control("TST-01", Cadence.Quarterly, 90, ["5.1"]), Control("TST-02", Cadence.Quarterly, 90, ["5.1"])],
            [Answer("TST-01", "2026-Q4", AttestationResult.Operating)],
            [Evidence("TST-01", 2026, 11, 1)]);
        var shortfalls = report.For(FrameworkIds.Iso27001)!.Shortfalls.ToList();
        Assert.Equal(RequirementState.Gap, shortfalls[0].State);
        Assert.Equal("5.1", shortfalls[^1].Requirement.Id);
        Assert.Equal(RequirementState.Partial, shortfalls[^1].State);
    }
}
