using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Risks;

/// <summary>
/// The organisation's risk criteria (ISO 27001 6.1.2 a): what each likelihood and impact level means, the level of
/// each cell of the 5 × 5 matrix, and the appetite, the highest level it accepts after treatment. The default matrix
/// rates by score (1–4 low, 5–9 medium, 10–16 high, 20–25 critical); a configured one can rate a rare catastrophe
/// (1 × 5) high.
/// </summary>
public sealed class RiskCriteria
{
    private readonly RiskLevel[,] matrix;

    /// <param name="matrix">Row by likelihood 1–5, column by impact 1–5.</param>
    public RiskCriteria(IReadOnlyList<string> likelihood, IReadOnlyList<string> impact, RiskLevel[,] matrix, RiskLevel appetite)
    {
        ArgumentNullException.ThrowIfNull(likelihood);
        ArgumentNullException.ThrowIfNull(impact);
        ArgumentNullException.ThrowIfNull(matrix);
        if (likelihood.Count != RiskRating.Max || impact.Count != RiskRating.Max || matrix.GetLength(0) != RiskRating.Max || matrix.GetLength(1) != RiskRating.Max)
            throw new ArgumentException("Risk criteria need five likelihood levels, five impact levels and a 5 × 5 matrix.");
        Likelihood = likelihood;
        Impact = impact;
        this.matrix = (RiskLevel[,])matrix.Clone();
        Appetite = appetite;
    }

    public static RiskCriteria Default { get; } = new(
        ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"],
        ["Negligible", "Minor", "Moderate", "Major", "Severe"],
        ScoreBands(),
        RiskLevel.Medium);

    /// <summary>Names of likelihood levels 1–5.</summary>
    public IReadOnlyList<string> Likelihood { get; }

    /// <summary>Names of impact levels 1–5.</summary>
    public IReadOnlyList<string> Impact { get; }

    /// <summary>The highest level the organisation accepts once a risk is treated.</summary>
    public RiskLevel Appetite { get; }

    public RiskLevel LevelOf(RiskRating rating)
    {
        ArgumentNullException.ThrowIfNull(rating);
        return matrix[rating.Likelihood - 1, rating.Impact - 1];
    }

    /// <summary>The rating that stands once treated: the residual one when recorded, else the inherent one.</summary>
    public static RiskRating Current(Risk risk)
    {
        ArgumentNullException.ThrowIfNull(risk);
        return risk.Residual ?? risk.Inherent;
    }

    /// <summary>A risk still open (not closed) whose current level is above the appetite.</summary>
    public bool AboveAppetite(Risk risk)
    {
        ArgumentNullException.ThrowIfNull(risk);
        return risk.Status != RiskStatus.Closed && LevelOf(Current(risk)) > Appetite;
    }

    /// <summary>"4 · Likely", as the cards offer the levels.</summary>
    public IReadOnlyList<(string Title, string Value)> LikelihoodChoices => Choices(Likelihood);

    public IReadOnlyList<(string Title, string Value)> ImpactChoices => Choices(Impact);

    public static RiskLevel[,] ScoreBands()
    {
        var bands = new RiskLevel[RiskRating.Max, RiskRating.Max];
        for (var l = 1; l <= RiskRating.Max; l++)
        {
            for (var i = 1; i <= RiskRating.Max; i++)
            {
                bands[l - 1, i - 1] = (l * i) switch
                {
                    <= 4 => RiskLevel.Low,
                    <= 9 => RiskLevel.Medium,
                    <= 16 => RiskLevel.High,
                    _ => RiskLevel.Critical,
                };
            }
        }

        return bands;
    }

    private static List<(string, string)> Choices(IReadOnlyList<string> names) =>
        names.Select((name, i) => ($"{i + 1} · {name}", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
}
