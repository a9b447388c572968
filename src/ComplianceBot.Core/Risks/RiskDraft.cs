using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Risks;

/// <summary>A risk as submitted on the intake form, before validation.</summary>
public sealed record RiskDraft(
    string? Title,
    string? Description,
    string? Category,
    int? Likelihood,
    int? Impact,
    string? OwnerEmail,
    RiskTreatment? Treatment,
    IReadOnlyList<string> LinkedControlIds,
    DateOnly? ReviewOn);
