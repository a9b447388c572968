using ComplianceBot.Core.Risks;
using ComplianceBot.Core.Records;

namespace ComplianceBot.Tests.Risks;

public class RiskRatingTests
{
    [Theory]
    [InlineData(1, 1, 1, RiskLevel.Low)]
    [InlineData(2, 2, 4, RiskLevel.Low)]
    [InlineData(1, 5, 5, RiskLevel.Medium)]
    [InlineData(3, 3, 9, RiskLevel.Medium)]
    [InlineData(2, 5, 10, RiskLevel.High)]
    [InlineData(4, 4, 16, RiskLevel.High)]
    [InlineData(4, 5, 20, RiskLevel.Critical)]
    [InlineData(5, 5, 25, RiskLevel.Critical)]
    public void Score_is_likelihood_times_impact_with_its_band(int likelihood, int impact, int score, RiskLevel level)
    {
        var rating = new RiskRating(likelihood, impact);
        Assert.Equal(score, rating.Score);
        Assert.Equal(level, RiskCriteria.Default.LevelOf(rating));
    }
}
