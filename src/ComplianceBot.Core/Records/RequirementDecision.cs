using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>
/// The organisation's applicability decision for one requirement, for the Statement of Applicability.
/// Requirements without a decision are applicable.
/// </summary>
public sealed record RequirementDecision : IDocument
{
    public static string Kind => "requirement-decision";

    public required string Id { get; init; }

    public required string FrameworkId { get; init; }

    public required string RequirementId { get; init; }

    public required bool Applicable { get; init; }

    public required string Justification { get; init; }

    public required string DecidedBy { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }

    public static string IdFor(string frameworkId, string requirementId) => $"{frameworkId}:{requirementId}";
}
