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

    public RiskRating? Residual { get; init; }

    public RiskTreatment Treatment { get; init; } = RiskTreatment.Mitigate;

    public required string OwnerId { get; init; }

    public IReadOnlyList<string> LinkedControlIds { get; init; } = [];

    public required DateOnly ReviewOn { get; init; }

    public RiskStatus Status { get; init; } = RiskStatus.Open;

    public required string RaisedBy { get; init; }

    public required DateTimeOffset RaisedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}

public enum RiskTreatment
{
    Mitigate,
    Accept,
    Transfer,
    Avoid,
}

public enum RiskStatus
{
    Open,
    InTreatment,
    Accepted,
    Closed,
}
