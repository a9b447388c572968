using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Risks;

/// <summary>A risk as submitted on the intake form, before validation. The residual rating is optional (both factors or neither).</summary>
public sealed record RiskDraft(
    string? Title,
    string? Description,
    string? Category,
    int? Likelihood,
    int? Impact,
    string? OwnerEmail,
    RiskTreatment? Treatment,
    IReadOnlyList<string> LinkedControlIds,
    DateOnly? ReviewOn)
{
    public int? ResidualLikelihood { get; init; }

    public int? ResidualImpact { get; init; }

    public string? TreatmentPlan { get; init; }
}

/// <summary>What a review decides, as submitted on the review card.</summary>
/// <param name="Status">open, treating, closed, or accept (a proposal the risk owner approves).</param>
public sealed record RiskReviewDraft(
    int? Likelihood,
    int? Impact,
    int? ResidualLikelihood,
    int? ResidualImpact,
    RiskTreatment? Treatment,
    string? TreatmentPlan,
    string? Status,
    string? Comment,
    DateOnly? NextReview,
    string? Justification,
    DateOnly? AcceptUntil)
{
    /// <summary>A new treatment action to add: what, whose (an email), by when. All three or none.</summary>
    public (string? Description, string? OwnerEmail, DateOnly? DueOn) NewAction { get; init; }
}
