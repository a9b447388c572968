using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>An entry of the risk register, rated on a 5×5 likelihood × impact scale.</summary>
public sealed record Risk : IDocument
{
    public static string Kind => "risk";

    /// <summary>RISK-0001, RISK-0002, … in the order risks were raised.</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    public string Description { get; init; } = "";

    public required string Category { get; init; }

    public required RiskRating Inherent { get; init; }

    /// <summary>The rating expected (or found) once the treatment is in place; null until someone rates it.</summary>
    public RiskRating? Residual { get; init; }

    public RiskTreatment Treatment { get; init; } = RiskTreatment.Mitigate;

    /// <summary>What the treatment is: the controls to add, the insurer, what stops.</summary>
    public string TreatmentPlan { get; init; } = "";

    /// <summary>Treatment actions, numbered from 1 within the risk, reminded to their owners like attestations.</summary>
    public IReadOnlyList<TreatmentAction> Actions { get; init; } = [];

    /// <summary>The latest proposal to accept the risk, and the owner's decision on it.</summary>
    public RiskAcceptance? Acceptance { get; init; }

    public DateOnly? LastReviewedOn { get; init; }

    public string? LastReviewedBy { get; init; }

    public string? LastReviewComment { get; init; }

    public required string OwnerId { get; init; }

    public IReadOnlyList<string> LinkedControlIds { get; init; } = [];

    public required DateOnly ReviewOn { get; init; }

    public RiskStatus Status { get; init; } = RiskStatus.Open;

    public required string RaisedBy { get; init; }

    public required DateTimeOffset RaisedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>One step of a risk's treatment: what, who, by when, and when it was done.</summary>
public sealed record TreatmentAction
{
    public required int Number { get; init; }

    public required string Description { get; init; }

    public required string OwnerId { get; init; }

    public required DateOnly DueOn { get; init; }

    public DateOnly? DoneOn { get; init; }

    public string? DoneBy { get; init; }

    /// <summary>"RISK-0001/2": the risk and the action's number.</summary>
    public static string IdFor(string riskId, int number) => $"{riskId}/{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The risk and the number out of "RISK-0001/2" (the risk id upper-cased); false when it is not one.</summary>
    public static bool TryParseId(string? id, out string riskId, out int number)
    {
        var slash = id?.LastIndexOf('/') ?? -1;
        riskId = slash > 0 ? id![..slash].ToUpperInvariant() : "";
        number = 0;
        return slash > 0 && int.TryParse(id.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number);
    }
}

/// <summary>
/// Accepting a risk: proposed with a justification and an expiry, approved (or rejected) by the risk owner. At the
/// expiry the risk returns for review.
/// </summary>
public sealed record RiskAcceptance
{
    public required string Justification { get; init; }

    public required DateOnly ExpiresOn { get; init; }

    public required string ProposedBy { get; init; }

    public required DateTimeOffset ProposedAt { get; init; }

    public AcceptanceDecision Decision { get; init; } = AcceptanceDecision.Pending;

    public string? DecidedBy { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Why the owner rejected it.</summary>
    public string? Reason { get; init; }
}

public enum AcceptanceDecision
{
    Pending,
    Approved,
    Rejected,
    Expired,
}

public enum RiskTreatment
{
    Mitigate,
    Accept,
    Transfer,
    Avoid,
}

/// <summary>Open (raised, not yet treated) → in treatment → accepted (by the owner, until an expiry) or closed.</summary>
public enum RiskStatus
{
    Open,
    InTreatment,
    Accepted,
    Closed,
}
