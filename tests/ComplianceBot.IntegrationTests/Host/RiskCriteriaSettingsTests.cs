using ComplianceBot.Core.Records;
using ComplianceBot.Host.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ComplianceBot.IntegrationTests.Host;

/// <summary>Risk criteria from settings: a matrix that rates a rare catastrophe high, and bad settings named at start.</summary>
public sealed class RiskCriteriaSettingsTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void RiskLifecycle_a_configured_matrix_from_settings_makes_1_by_5_high()
    {
        var settings = Settings(new Dictionary<string, string?>
        {
            ["Risks:Matrix:0"] = "Low,Low,Medium,Medium,High",
            ["Risks:Matrix:1"] = "Low,Medium,Medium,High,High",
            ["Risks:Matrix:2"] = "Medium,Medium,High,High,Critical",
            ["Risks:Matrix:3"] = "Medium,High,High,Critical,Critical",
            ["Risks:Matrix:4"] = "High,High,Critical,Critical,Critical",
            ["Risks:Appetite"] = "Low",
            ["Risks:Impact:0"] = "Under 10k", ["Risks:Impact:1"] = "10k–100k", ["Risks:Impact:2"] = "100k–1m", ["Risks:Impact:3"] = "1m–10m", ["Risks:Impact:4"] = "Over 10m",
        });
        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(RiskOptions.Section).Get<RiskOptions>()!;
        Assert.True(new RiskOptionsValidator().Validate(null, options).Succeeded);
        var criteria = options.ToCriteria();
        Assert.Equal(RiskLevel.High, criteria.LevelOf(new RiskRating(1, 5)));
        Assert.Equal(RiskLevel.Low, criteria.Appetite);
        Assert.Equal("5 · Over 10m", criteria.ImpactChoices[4].Title);
        Assert.Equal("1 · Rare", criteria.LikelihoodChoices[0].Title);
    }

    [Theory]
    [InlineData("Risks:Matrix:0", "Low,Low,Medium,High", "Risks__Matrix__0")]
    [InlineData("Risks:Matrix:0", "Low,Low,Medium,High,Severe", "Risks__Matrix__0")]
    [InlineData("Risks:Appetite", "Moderate", "Risks__Appetite")]
    [InlineData("Risks:Appetite", "2", "Risks__Appetite")]
    [InlineData("Risks:Likelihood:0", "Rare", "Risks__Likelihood")]
    public async Task RiskLifecycle_bad_criteria_settings_stop_the_host_naming_the_setting(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => PartialHost.StartAsync(folder.Path, Settings(new() { [key] = value }), b => b.AddComplianceCore()));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Settings(Dictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:EmbeddedPath"] = Path.Combine(folder.Path, "v.db"),
            ["Evidence:LocalPath"] = Path.Combine(folder.Path, "evidence"),
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }
}
