namespace ComplianceBot.Core.Records;

/// <summary>Likelihood and impact, each 1–5. Score is their product; the level band follows from it.</summary>
public sealed record RiskRating(int Likelihood, int Impact)
{
    public const int Min = 1;
    public const int Max = 5;

    public int Score => Likelihood * Impact;

    public RiskLevel Level => LevelFor(Score);

    public static bool IsValidFactor(int value) => value is >= Min and <= Max;

    /// <summary>Bands: 1–4 low, 5–9 medium, 10–16 high, 20–25 critical.</summary>
    public static RiskLevel LevelFor(int score) => score switch
    {
        <= 4 => RiskLevel.Low,
        <= 9 => RiskLevel.Medium,
        <= 16 => RiskLevel.High,
        _ => RiskLevel.Critical,
    };
}

public enum RiskLevel
{
    Low,
    Medium,
    High,
    Critical,
}
