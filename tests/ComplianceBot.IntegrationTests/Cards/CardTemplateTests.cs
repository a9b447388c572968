using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;

namespace ComplianceBot.IntegrationTests.Cards;

/// <summary>Every card in cards/ against the official Adaptive Cards packages: templating and validation at 1.5.</summary>
public sealed class CardTemplateTests
{
    private static readonly Lazy<Task<JsonObject>> Official = new(async () =>
        JsonNode.Parse(await RepositoryPaths.RunNodeAsync("check-cards.js", RepositoryPaths.Cards))!.AsObject());

    public static TheoryData<string> Templates() => new(TemplateNames());

    private static List<string> TemplateNames() => Directory.GetFiles(RepositoryPaths.Cards, "*.json")
        .Where(f => !f.EndsWith(".data.json", StringComparison.Ordinal))
        .Select(f => Path.GetFileNameWithoutExtension(f))
        .Order(StringComparer.Ordinal)
        .ToList();

    [Fact]
    public void Every_template_is_embedded_and_has_sample_data()
    {
        var files = TemplateNames();
        Assert.NotEmpty(files);
        Assert.Equal(files, CardLibrary.Names);
        Assert.All(files, name => Assert.True(File.Exists(Path.Combine(RepositoryPaths.Cards, $"{name}.data.json")), $"{name}.data.json is missing"));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Binder_output_equals_the_official_templating_package(string name)
    {
        var data = CardBinder.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Cards, $"{name}.data.json")));
        var ours = CardBinder.Bind(CardLibrary.Template(name), data);
        var theirs = (await Official.Value)[name]!["bound"];
        Assert.True(JsonNode.DeepEquals(theirs, ours), $"ours:   {ours.ToJsonString()}\ntheirs: {theirs!.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Bound_card_validates_with_the_official_parser_at_version_1_5(string name)
    {
        var errors = (await Official.Value)[name]!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Empty(errors);
        Assert.Equal("1.5", CardLibrary.Template(name)["version"]!.GetValue<string>());
    }

    [Fact]
    public void User_text_is_bound_as_a_value_and_cannot_change_the_card()
    {
        const string hostile = "x\"}],\"actions\":[{\"type\":\"Action.OpenUrl\",\"url\":\"https://evil.example\"}],\"a\":[{\"b\":\"${$root.id}";
        var card = CardLibrary.Render(new CardView("risk-saved", new JsonObject
        {
            ["id"] = "RISK-0001", ["heading"] = "RISK-0001 raised", ["hasOutcome"] = false, ["outcome"] = "", ["title"] = hostile, ["score"] = 4, ["level"] = "Low", ["category"] = "Security", ["owner"] = "o",
            ["treatment"] = "Mitigate", ["controls"] = "", ["reviewDate"] = "2027-01-01", ["hasDuplicates"] = false, ["duplicates"] = new JsonArray(),
        }));
        // Only the card's own action, bound to the risk's id.
        var action = Assert.Single(card["actions"]!.AsArray())!;
        Assert.Equal(("risk.review", "RISK-0001"), (action["verb"]!.GetValue<string>(), action["data"]!["riskId"]!.GetValue<string>()));
        Assert.Equal(hostile, card["body"]![1]!["text"]!.GetValue<string>());
        Assert.Equal(3, card["body"]!.AsArray().Count);
    }
}
