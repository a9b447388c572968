using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Core.Cards;

namespace ComplianceBot.IntegrationTests.Slack;

/// <summary>
/// Every card rendered for Slack (message, modal, Home tab), plus cards that push the limits, compiled as
/// TypeScript against @slack/types: a block or element Slack's own types do not allow fails the test.
/// </summary>
public sealed class BlockKitTypeCheckTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static JsonObject SampleData(string name) =>
        CardBinder.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Cards, $"{name}.data.json"))).AsObject();

    private static IEnumerable<(string Name, JsonObject Card)> Cards()
    {
        foreach (var name in CardLibrary.Names) yield return (name, CardLibrary.Render(new CardView(name, SampleData(name))));

        var tasks = SampleData("my-tasks");
        tasks["attestations"] = new JsonArray(Enumerable.Range(1, 130).Select(i => (JsonNode)new JsonObject
        {
            ["controlId"] = $"AC-{i:D3}", ["controlName"] = new string('n', 40), ["period"] = "2026-Q4", ["status"] = "due <soon> & overdue",
        }).ToArray());
        yield return ("many-tasks", CardLibrary.Render(new CardView("my-tasks", tasks)));

        yield return ("every-input", new JsonObject
        {
            ["type"] = "AdaptiveCard", ["version"] = "1.5",
            ["body"] = new JsonArray(
                new JsonObject { ["type"] = "TextBlock", ["text"] = new string('T', 300), ["size"] = "Large" },
                new JsonObject { ["type"] = "Image", ["url"] = "https://contoso.example/logo.png", ["altText"] = "Logo" },
                new JsonObject { ["type"] = "TextBlock", ["text"] = "Careful", ["color"] = "Attention", ["isSubtle"] = true },
                new JsonObject { ["type"] = "Input.Number", ["id"] = "score", ["label"] = "Score", ["min"] = 1, ["max"] = 25, ["value"] = 3, ["placeholder"] = "1-25" },
                new JsonObject { ["type"] = "Input.Time", ["id"] = "at", ["label"] = "At", ["value"] = "09:30" },
                new JsonObject { ["type"] = "Input.Toggle", ["id"] = "notify", ["title"] = "Notify", ["value"] = "true" },
                new JsonObject { ["type"] = "Input.ChoiceSet", ["id"] = "many", ["label"] = "Many", ["isMultiSelect"] = true, ["value"] = "v1,v3", ["choices"] = Choices(140) },
                new JsonObject { ["type"] = "Input.ChoiceSet", ["id"] = "boxes", ["label"] = "Boxes", ["isMultiSelect"] = true, ["style"] = "expanded", ["choices"] = Choices(4) },
                new JsonObject { ["type"] = "Input.ChoiceSet", ["id"] = "none", ["label"] = "None", ["choices"] = new JsonArray() },
                new JsonObject { ["type"] = "FactSet", ["facts"] = new JsonArray(Enumerable.Range(1, 14).Select(i => (JsonNode)new JsonObject { ["title"] = $"F{i}", ["value"] = new string('v', 2500) }).ToArray()) }),
            ["actions"] = new JsonArray(
                new JsonObject { ["type"] = "Action.Submit", ["title"] = "Save", ["style"] = "positive", ["data"] = new JsonObject { ["action"] = "risk.submit", ["blob"] = new string('b', 5000) } },
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Policy", ["url"] = "https://contoso.example/policy" },
                new JsonObject { ["type"] = "Action.Execute", ["title"] = "Remove", ["style"] = "destructive", ["verb"] = "help.show" }),
        });
    }

    private static JsonArray Choices(int count) =>
        new(Enumerable.Range(1, count).Select(i => (JsonNode)new JsonObject { ["title"] = $"Choice {i} " + new string('c', 90), ["value"] = $"v{i}" }).ToArray());

    [Fact]
    public async Task Every_rendered_card_type_checks_against_Slacks_Block_Kit_types()
    {
        var dir = Directory.CreateTempSubdirectory("blockkit-").FullName;
        try
        {
            foreach (var (name, card) in Cards())
            {
                var message = BlockKitRenderer.RenderMessage(card);
                await Write(dir, $"{name}.message.json", new JsonObject { ["text"] = message.Text, ["blocks"] = message.Blocks });
                await Write(dir, $"{name}.modal.json", BlockKitRenderer.RenderModal(card, notifyOnClose: true));
                await Write(dir, $"{name}.home.json", BlockKitRenderer.RenderHome(card));
            }

            var result = JsonNode.Parse(await RepositoryPaths.RunNodeAsync("slack-check-blocks.js", dir))!.AsObject();

            Assert.Equal((CardLibrary.Names.Count + 2) * 3, result.Count);
            var problems = result.Where(r => r.Value!.AsArray().Count > 0).Select(r => $"{r.Key}: {string.Join("; ", r.Value!.AsArray())}").ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_type_check_catches_blocks_Slack_would_refuse()
    {
        var dir = Directory.CreateTempSubdirectory("blockkit-bad-").FullName;
        try
        {
            await Write(dir, "bad.message.json", JsonNode.Parse("""
                { "text": "x", "blocks": [
                  { "type": "section", "text": { "type": "markdown", "text": "x" } },
                  { "type": "actions", "elements": [ { "type": "button", "text": { "type": "plain_text", "text": "Go" }, "style": "green" } ] },
                  { "type": "input", "label": { "type": "plain_text", "text": "N" }, "element": { "type": "number_input" } }
                ] }
                """)!.AsObject());
            var result = JsonNode.Parse(await RepositoryPaths.RunNodeAsync("slack-check-blocks.js", dir))!.AsObject();
            Assert.NotEmpty(result["bad.message.ts"]!.AsArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Task Write(string dir, string file, JsonObject json) =>
        File.WriteAllTextAsync(Path.Combine(dir, file), json.ToJsonString(Indented));
}
