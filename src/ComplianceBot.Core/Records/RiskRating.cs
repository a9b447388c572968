namespace ComplianceBot.Core.Records;

/// <summary>Likelihood and impact, each 1–5. Score is their product; the level comes from the organisation's <see cref="Risks.RiskCriteria"/>.</summary>
public sealed record RiskRating(int Likelihood, int Impact)
{
    public const int Min = 1;
    public const int Max = 5;

    public int Score => Likelihood * Impact;

    public static bool IsValidFactor(int value) => value is >= Min and <= Max;
}

public enum RiskLevel
{
    Low,
    Medium,
    High,
    Critical,
}
