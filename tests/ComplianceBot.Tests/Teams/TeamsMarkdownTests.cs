using System.Text.Json.Nodes;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Channels.Teams;
using ComplianceBot.Core.Cards;

namespace ComplianceBot.Tests.Teams;

public class TeamsMarkdownTests
{
    private const string Phishing = "[Reset your password here](https://evil.example/login)";

    [Theory]
    [InlineData(Phishing, @"\[Reset your password here\](https://evil.example/login)")]
    [InlineData("**urgent** _now_ `code` ~~gone~~", @"\*\*urgent\*\* \_now\_ \`code\` \~\~gone\~\~")]
    [InlineData("# Heading\n- item\n+ item\n1. first\n  2) second", "\\# Heading\n\\- item\n\\+ item\n1\\. first\n  2\\) second")]
    [InlineData("<https://evil.example> a\\b | c", @"\<https://evil.example\> a\\b \| c")]
    [InlineData("AC-01 reviewed on 2026-11-20, 3.5 of 5", "AC-01 reviewed on 2026-11-20, 3.5 of 5")]
    public void Typed_text_is_escaped_so_it_shows_literally(string typed, string escaped) =>
        Assert.Equal(escaped, TeamsMarkdown.Escape(typed));

    [Fact]
    public void A_risk_titled_as_a_link_reaches_Teams_as_literal_text_and_Slack_as_escaped_text()
    {
        var view = new CardView("risk-saved", new JsonObject
        {
            ["id"] = "RISK-0001", ["title"] = Phishing, ["score"] = 4, ["level"] = "Low", ["category"] = "Security", ["owner"] = "**Olive**",
            ["treatment"] = "Mitigate", ["controls"] = "", ["reviewDate"] = "2027-01-01", ["hasDuplicates"] = false, ["duplicates"] = new JsonArray(),
        });

        var teams = CardLibrary.Render(view, TeamsMarkdown.Escape);
        var texts = Texts(teams).ToList();
        Assert.Contains(@"\[Reset your password here\](https://evil.example/login)", texts);
        Assert.DoesNotContain(texts, t => t.Contains(Phishing, StringComparison.Ordinal));
        Assert.Contains(@"\*\*Olive\*\*", texts);

        // The template's own text is not escaped, and inputs and action data keep the value as typed.
        var plain = CardLibrary.Render(view);
        Assert.Contains(Phishing, Texts(plain));
        Assert.Equal(plain["body"]![0]!.ToJsonString(), teams["body"]![0]!.ToJsonString());

        // Slack: the same card translated to Block Kit keeps its own escaping (verbatim mrkdwn; <, >, & escaped).
        var slack = BlockKitRenderer.RenderMessage(view).Blocks.ToJsonString();
        Assert.Contains("[Reset your password here](https://evil.example/login)", slack, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://evil.example/login", slack, StringComparison.Ordinal);
        Assert.DoesNotContain(@"\[", slack, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_bound_into_inputs_and_action_data_are_not_escaped()
    {
        var view = new CardView("risk-intake", new JsonObject
        {
            ["values"] = new JsonObject { ["title"] = Phishing, ["description"] = "*x*" },
            ["categories"] = new JsonArray("A_b"), ["hasErrors"] = false, ["errors"] = new JsonArray(),
        });
        var card = CardLibrary.Render(view, TeamsMarkdown.Escape).ToJsonString();
        Assert.Contains(System.Text.Json.JsonSerializer.Serialize(Phishing), card, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key is "text" or "value" or "title" && p.Value is JsonValue v && v.TryGetValue<string>(out var s)
            ? [s]
            : Texts(p.Value)),
        JsonArray array => array.SelectMany(Texts),
        _ => [],
    };
}
