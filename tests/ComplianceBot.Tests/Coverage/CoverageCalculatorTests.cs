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
        DueSlot = 0, // due 7 days after the period ends (the answer window's first day with the 14-day window)
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
            attestations, AtPeriodEnds(evidence, Policy.Today(asOf))));

    /// <summary>What the store answers: per period end in play, each control's newest evidence dated by then.</summary>
    private static EvidenceAtPeriodEnds AtPeriodEnds(EvidenceFreshness[] evidence, DateOnly today) =>
        new(ControlEvaluator.PeriodsInPlay(today).Select(p => p.End).Distinct().ToDictionary(
            end => end,
            end => evidence.Where(e => e.LatestEffectiveOn <= end).GroupBy(e => e.ControlId)
                .ToDictionary(g => g.Key, g => g.MaxBy(e => e.LatestEffectiveOn)!, StringComparer.OrdinalIgnoreCase)));

    [Fact]
    public void A_supporting_control_adds_to_partial_but_never_covers_alone_nor_holds_a_requirement_back()
    {
        var report = Compute(
            Nov20,
            [
                Control("TST-01", Cadence.Quarterly, 90, ["5.1"]),                                     // effective, primary for 5.1
                Control("TST-02", Cadence.Quarterly, 90, []) with { Iso27001Supporting = ["5.1", "5.2"] }, // stale, supporting
                Control("TST-03", Cadence.Quarterly, 90, []) with { Iso27001Supporting = ["5.3"] },        // effective, supporting only
            ],
            [
                Answer("TST-01", "2026-Q3", AttestationResult.Operating),
                Answer("TST-02", "2026-Q3", AttestationResult.Operating),
                Answer("TST-03", "2026-Q3", AttestationResult.Operating),
            ],
            [Evidence("TST-01", 2026, 9, 1), Evidence("TST-02", 2026, 1, 10), Evidence("TST-03", 2026, 9, 1)]);

        var iso = report.For(FrameworkIds.Iso27001)!.Requirements.ToDictionary(r => r.Requirement.Id);
        Assert.Equal(RequirementState.Covered, iso["5.1"].State);  // its primary control is effective; the stale supporting one does not hold it back
        Assert.Empty(iso["5.1"].Failing);
        Assert.Equal(RequirementState.Gap, iso["5.2"].State);      // only a supporting control, and it falls short
        Assert.Equal(RequirementState.Partial, iso["5.3"].State);  // a token control alone is not coverage
        Assert.Equal(["TST-01", "TST-02"], iso["5.1"].ControlIds);
    }

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
                // On 20 November the latest closed periods are 2026-Q3, 2026-10 and 2025; their answers were due
                // 7 October, 7 November and 7 January.
                Answer("TST-01", "2026-Q3", AttestationResult.Operating),
                Answer("TST-02", "2026-Q3", AttestationResult.Operating),
                Answer("TST-03", "2026-09", AttestationResult.Operating), // October is not answered: overdue
                Answer("TST-04", "2025", AttestationResult.NotApplicable) with { Approval = NotApplicableApproval.Approved, Comment = "No such systems." },
            ],
            // TST-02's newest evidence by 30 September is 107 days old then (window 30); TST-03's is for October.
            [Evidence("TST-01", 2026, 9, 1), Evidence("TST-02", 2026, 6, 15), Evidence("TST-02", 2026, 10, 1), Evidence("TST-03", 2026, 11, 1)],
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
        Assert.Equal(RequirementState.ExcludedByControls, state["5.4"]); // its only control approved not applicable
        Assert.Equal(RequirementState.Excluded, state["5.5"]);  // marked not applicable
        Assert.Equal(RequirementState.Gap, state["5.6"]);       // nothing mapped
        Assert.Equal((93, 2, 0, 1, 90, 0.0), (iso.InScope, iso.Excluded, iso.Covered, iso.Partial, iso.Gaps, iso.Percent));
        Assert.Equal(["TST-02"], iso.Requirements.Single(r => r.Requirement.Id == "5.1").Failing.Select(f => f.ControlId));

        var soc2 = report.For(FrameworkIds.Soc2)!;
        Assert.Equal((33, 1, 1, 0, 31), (soc2.InScope, soc2.Excluded, soc2.Covered, soc2.Partial, soc2.Gaps)); // CC1.2: TST-04 only
        Assert.Equal(3.1, soc2.Percent); // 1 of 32
    }

    [Fact]
    public void All_mapped_controls_effective_covers_the_requirement()
    {
        var report = Compute(
            Nov20,
            [Control("TST-01", Cadence.Quarterly, 90, ["8.8"]), Control("TST-02", Cadence.Monthly, 40, ["8.8"])],
            [Answer("TST-01", "2026-Q3", AttestationResult.Operating), Answer("TST-02", "2026-10", AttestationResult.Operating)],
            [Evidence("TST-01", 2026, 8, 1), Evidence("TST-02", 2026, 10, 15)]);

        var iso = report.For(FrameworkIds.Iso27001)!;
        Assert.Equal(RequirementState.Covered, iso.Requirements.Single(r => r.Requirement.Id == "8.8").State);
        Assert.Equal(1, iso.Covered);
        Assert.Equal(1.1, iso.Percent); // 1 of 93
    }

    [Fact]
    public void LookBack_a_control_counts_as_effective_for_the_period_after_the_one_answered_not_before()
    {
        // Q3 answered "operated" with evidence from 15 September. Q3's answer is due 7 October, Q4's 7 January.
        var control = Control("TST-01", Cadence.Quarterly, 90, ["5.1"]);
        Attestation[] q3 = [Answer("TST-01", "2026-Q3", AttestationResult.Operating)];
        EvidenceFreshness[] evidence = [Evidence("TST-01", 2026, 9, 15)];
        ControlStatus On(int year, int month, int day) =>
            Compute(new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.Zero), [control], q3, evidence).Controls.Single();

        // During Q3 the answer about Q3 is not in force: Q2 is the period looked back on, and nobody answered it.
        Assert.Equal((ControlState.Gap, ControlFinding.AttestationOverdue), (On(2026, 9, 20).State, On(2026, 9, 20).Finding));
        Assert.Equal((ControlState.Effective, "2026-Q3"), (On(2026, 10, 2).State, On(2026, 10, 2).AttestedPeriod));
        Assert.Equal(ControlState.Effective, On(2026, 12, 31).State);
        Assert.Equal((ControlState.Effective, "2026-Q3"), (On(2027, 1, 7).State, On(2027, 1, 7).AttestedPeriod)); // Q4 due today: Q3 stands
        Assert.Equal((ControlState.Gap, ControlFinding.AttestationOverdue), (On(2027, 1, 8).State, On(2027, 1, 8).Finding));
    }

    [Fact]
    public void LookBack_evidence_is_judged_against_the_period_it_supports()
    {
        var control = Control("TST-01", Cadence.Quarterly, 30, ["5.1"]);
        Attestation[] q3 = [Answer("TST-01", "2026-Q3", AttestationResult.Operating)];

        // Filed after Q3 ended: it says nothing about Q3.
        Assert.Equal(ControlFinding.NoEvidence, Compute(Nov20, [control], q3, [Evidence("TST-01", 2026, 10, 5)]).Controls.Single().Finding);

        // Dated within Q3: counts, however old by the freshness window (30 days before 30 September is 31 August).
        Assert.Equal(ControlState.Effective, Compute(Nov20, [control], q3, [Evidence("TST-01", 2026, 7, 1)]).Controls.Single().State);

        // October's monthly control, window 10 days: evidence from 20 September is 41 days before 31 October.
        var monthly = Control("TST-03", Cadence.Monthly, 10, ["5.1"]);
        Attestation[] october = [Answer("TST-03", "2026-10", AttestationResult.Operating)];
        Assert.Equal(ControlFinding.EvidenceStale, Compute(Nov20, [monthly], october, [Evidence("TST-03", 2026, 9, 20)]).Controls.Single().Finding);
        Assert.Equal(ControlState.Effective, Compute(Nov20, [monthly], october, [Evidence("TST-03", 2026, 10, 30)]).Controls.Single().State);
    }

    [Fact]
    public void NotApplicableApproval_a_pending_or_rejected_answer_counts_as_not_answered_an_approved_one_drops_the_control()
    {
        // 5.1 is mapped by TST-01 (effective) and TST-02 (answered "not applicable").
        Control[] controls = [Control("TST-01", Cadence.Quarterly, 90, ["5.1"]), Control("TST-02", Cadence.Quarterly, 90, ["5.1"])];
        EvidenceFreshness[] evidence = [Evidence("TST-01", 2026, 9, 1)];
        var notApplicable = Answer("TST-02", "2026-Q3", AttestationResult.NotApplicable) with { Comment = "No such system." };
        (ControlStatus Status, RequirementState Requirement) With(NotApplicableApproval approval)
        {
            var report = Compute(Nov20, controls, [Answer("TST-01", "2026-Q3", AttestationResult.Operating), notApplicable with { Approval = approval }], evidence);
            return (report.Controls.Single(c => c.ControlId == "TST-02"), report.For(FrameworkIds.Iso27001)!.Requirements.Single(r => r.Requirement.Id == "5.1").State);
        }

        Assert.Equal((ControlState.Gap, ControlFinding.NotApplicablePendingApproval, RequirementState.Partial), (With(NotApplicableApproval.Pending).Status.State, With(NotApplicableApproval.Pending).Status.Finding, With(NotApplicableApproval.Pending).Requirement));
        Assert.Equal((ControlState.Gap, ControlFinding.NotApplicableRejected, RequirementState.Partial), (With(NotApplicableApproval.Rejected).Status.State, With(NotApplicableApproval.Rejected).Status.Finding, With(NotApplicableApproval.Rejected).Requirement));
        Assert.Equal((ControlState.NotApplicable, RequirementState.Covered), (With(NotApplicableApproval.Approved).Status.State, With(NotApplicableApproval.Approved).Requirement));
    }

    [Fact]
    public void Operating_answer_without_evidence_is_partial_and_not_operating_is_a_gap()
    {
        var report = Compute(
            Nov20,
            [Control("TST-01", Cadence.Quarterly, 90, ["5.1"]), Control("TST-02", Cadence.Quarterly, 90, ["5.2"])],
            [Answer("TST-01", "2026-Q3", AttestationResult.Operating), Answer("TST-02", "2026-Q3", AttestationResult.NotOperating)],
            [Evidence("TST-02", 2026, 9, 1)]);

        var status = report.Controls.ToDictionary(c => c.ControlId);
        Assert.Equal((ControlState.Partial, ControlFinding.NoEvidence), (status["TST-01"].State, status["TST-01"].Finding));
        Assert.Equal((ControlState.Gap, ControlFinding.NotOperating), (status["TST-02"].State, status["TST-02"].Finding));
    }

    [Fact]
    public void Unanswered_request_is_not_an_answer()
    {
        var requested = Answer("TST-01", "2026-Q3", AttestationResult.Operating) with { Status = AttestationStatus.Requested, Result = null };
        var report = Compute(Nov20, [Control("TST-01", Cadence.Quarterly, 90, ["5.1"])], [requested], [Evidence("TST-01", 2026, 9, 1)]);
        Assert.Equal(ControlFinding.AttestationOverdue, report.Controls.Single().Finding);
    }

    [Fact]
    public void Evidence_exactly_at_the_freshness_limit_before_the_period_still_counts()
    {
        // Q3 ends 30 September; 30 September minus 100 days is 22 June (before Q3 began on 1 July).
        var control = Control("TST-01", Cadence.Quarterly, 100, ["5.1"]);
        Attestation[] answered = [Answer("TST-01", "2026-Q3", AttestationResult.Operating)];
        Assert.Equal(ControlState.Effective, Compute(Nov20, [control], answered, [Evidence("TST-01", 2026, 6, 22)]).Controls.Single().State);
        Assert.Equal(ControlFinding.EvidenceStale, Compute(Nov20, [control], answered, [Evidence("TST-01", 2026, 6, 21)]).Controls.Single().Finding);
    }

    [Fact]
    public void Shortfalls_list_gaps_before_partials()
    {
        var report = Compute(
            Nov20,
            [Control("TST-01", Cadence.Quarterly, 90, ["5.1"]), Control("TST-02", Cadence.Quarterly, 90, ["5.1"])],
            [Answer("TST-01", "2026-Q3", AttestationResult.Operating)],
            [Evidence("TST-01", 2026, 9, 1)]);
        var shortfalls = report.For(FrameworkIds.Iso27001)!.Shortfalls.ToList();
        Assert.Equal(RequirementState.Gap, shortfalls[0].State);
        Assert.Equal("5.1", shortfalls[^1].Requirement.Id);
        Assert.Equal(RequirementState.Partial, shortfalls[^1].State);
    }
}
