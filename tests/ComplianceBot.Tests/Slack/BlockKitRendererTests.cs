using System.Text.Json.Nodes;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Core.Cards;

namespace ComplianceBot.Tests.Slack;

public class BlockKitRendererTests
{
    private static readonly string[] KnownBlocks = ["header", "section", "context", "divider", "image", "input", "actions"];

    private static IEnumerable<JsonObject> Blocks(JsonNode? blocks) => (blocks as JsonArray ?? []).OfType<JsonObject>();

    private static string Type(JsonNode? node) => node!["type"]!.GetValue<string>();

    private static JsonObject Card(params JsonNode[] body) => new() { ["type"] = "AdaptiveCard", ["version"] = "1.5", ["body"] = new JsonArray(body) };

    private static JsonObject TextBlock(string text, string? size = null) => size is null
        ? new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true }
        : new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["size"] = size, ["weight"] = "Bolder" };

    /// <summary>Every text object's text and its limit by where it sits.</summary>
    private static IEnumerable<(string Where, string Text, int Max)> Texts(JsonNode? blocks)
    {
        foreach (var block in Blocks(blocks))
        {
            switch (Type(block))
            {
                case "header": yield return ("header", block["text"]!["text"]!.GetValue<string>(), BlockKitLimits.HeaderText); break;
                case "section":
                    if (block["text"] is { } text) yield return ("section", text["text"]!.GetValue<string>(), BlockKitLimits.SectionText);
                    foreach (var field in block["fields"] as JsonArray ?? []) yield return ("field", field!["text"]!.GetValue<string>(), BlockKitLimits.FieldText);
                    if (block["accessory"] is { } accessory) yield return ("button", accessory["text"]!["text"]!.GetValue<string>(), BlockKitLimits.ButtonText);
                    break;
                case "actions":
                    foreach (var button in block["elements"]!.AsArray())
                    {
                        yield return ("button", button!["text"]!["text"]!.GetValue<string>(), BlockKitLimits.ButtonText);
                        if (button["value"] is { } value) yield return ("value", value.GetValue<string>(), BlockKitLimits.ButtonValue);
                    }

                    break;
                case "input":
                    yield return ("label", block["label"]!["text"]!.GetValue<string>(), BlockKitLimits.LabelText);
                    foreach (var option in block["element"]!["options"] as JsonArray ?? []) yield return ("option", option!["text"]!["text"]!.GetValue<string>(), BlockKitLimits.OptionText);
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(SampleCards.Names), MemberType = typeof(SampleCards))]
    public void Every_card_renders_as_a_message_within_Block_Kit_limits(string name)
    {
        var message = BlockKitRenderer.RenderMessage(new CardView(name, SampleCards.Data(name)));

        Assert.InRange(message.Blocks.Count, 1, BlockKitLimits.MessageBlocks);
        Assert.All(Blocks(message.Blocks), b => Assert.Contains(Type(b), KnownBlocks));
        Assert.All(Texts(message.Blocks), t => Assert.True(t.Text.Length is > 0 && t.Text.Length <= t.Max, $"{t.Where} of {t.Text.Length} characters"));
        Assert.False(string.IsNullOrWhiteSpace(message.Text));
        Assert.Equal("header", Type(message.Blocks[0]));
    }

    [Theory]
    [MemberData(nameof(SampleCards.Names), MemberType = typeof(SampleCards))]
    public void Every_card_renders_as_a_modal_and_on_the_Home_tab(string name)
    {
        var card = SampleCards.Card(name);
        var modal = BlockKitRenderer.RenderModal(card);
        var home = BlockKitRenderer.RenderHome(card);

        Assert.Equal("modal", Type(modal));
        Assert.InRange(modal["title"]!["text"]!.GetValue<string>().Length, 1, BlockKitLimits.ViewTitle);
        Assert.InRange(modal["blocks"]!.AsArray().Count, 1, BlockKitLimits.ViewBlocks);
        Assert.True((modal["private_metadata"]?.GetValue<string>().Length ?? 0) <= BlockKitLimits.PrivateMetadata);
        Assert.All(Texts(modal["blocks"]), t => Assert.InRange(t.Text.Length, 1, t.Max));
        Assert.Equal("home", Type(home));
        Assert.InRange(home["blocks"]!.AsArray().Count, 1, BlockKitLimits.ViewBlocks);
    }

    [Fact]
    public void Pickers_become_a_users_select_and_an_external_select_the_host_serves()
    {
        var card = SampleCards.Card("risk-intake");
        SetInput(card, "owner", "U0MEGAN01");
        var blocks = Blocks(BlockKitRenderer.RenderModal(card)["blocks"]).Where(b => Type(b) == "input").ToDictionary(b => b["block_id"]!.GetValue<string>());

        var owner = blocks["owner"]["element"]!.AsObject();
        Assert.Equal(("users_select", "owner", "U0MEGAN01"), (Type(owner), owner["action_id"]!.GetValue<string>(), owner["initial_user"]!.GetValue<string>()));
        var controls = blocks["controls"]["element"]!.AsObject();
        Assert.Equal(("multi_external_select", "controls#controls", 1), (Type(controls), controls["action_id"]!.GetValue<string>(), controls["min_query_length"]!.GetValue<int>()));
        Assert.Equal(["AC-01"], controls["initial_options"]!.AsArray().Select(o => o!["value"]!.GetValue<string>()));
        Assert.Null(controls["options"]);

        // An Entra object id (the Teams picker's value) is no Slack user: the picker starts empty rather than wrong.
        SetInput(card, "owner", "6b0e1f5a-3c7d-4a2e-9f10-2b8c4d7e5a61");
        var teamsOwner = Blocks(BlockKitRenderer.RenderModal(card)["blocks"]).First(b => b["block_id"]?.GetValue<string>() == "owner")["element"]!;
        Assert.Null(teamsOwner["initial_user"]);
    }

    private static void SetInput(JsonObject card, string id, string value) =>
        SampleCards.Elements(card).First(e => e["id"]?.GetValue<string>() == id)["value"] = value;

    [Theory]
    [MemberData(nameof(SampleCards.Names), MemberType = typeof(SampleCards))]
    public void Every_input_keeps_its_id_label_and_requiredness(string name)
    {
        var card = SampleCards.Card(name);
        var inputs = SampleCards.Elements(card).Where(e => Type(e).StartsWith("Input.", StringComparison.Ordinal)).ToList();
        foreach (var blocks in new[] { BlockKitRenderer.RenderModal(card)["blocks"], BlockKitRenderer.RenderMessage(card).Blocks })
        {
            var rendered = Blocks(blocks).Where(b => Type(b) == "input").ToList();
            Assert.Equal(inputs.Select(i => i["id"]!.GetValue<string>()), rendered.Select(b => b["block_id"]!.GetValue<string>()));
            foreach (var (input, block) in inputs.Zip(rendered))
            {
                // A typeahead's action_id also names the dataset its options come from.
                Assert.Equal(input["id"]!.GetValue<string>(), block["element"]!["action_id"]!.GetValue<string>().Split('#')[0]);
                Assert.Equal(input["label"]!.GetValue<string>(), block["label"]!["text"]!.GetValue<string>());
                Assert.Equal(input["isRequired"]?.GetValue<bool>() != true, block["optional"]!.GetValue<bool>());
            }
        }
    }

    [Theory]
    [MemberData(nameof(SampleCards.Names), MemberType = typeof(SampleCards))]
    public void Every_button_carries_the_action_id_and_its_data(string name)
    {
        var card = SampleCards.Card(name);
        var actions = SampleCards.Elements(card).Where(e => Type(e) is "Action.Execute" or "Action.Submit").ToList();
        var buttons = Blocks(BlockKitRenderer.RenderMessage(card).Blocks)
            .SelectMany(b => Type(b) == "actions" ? b["elements"]!.AsArray().OfType<JsonObject>() : b["accessory"] is JsonObject a ? [a] : [])
            .ToList();

        Assert.Equal(actions.Count, buttons.Count);
        foreach (var (action, button) in actions.Zip(buttons))
        {
            Assert.Equal(action["verb"]!.GetValue<string>(), button["action_id"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(action["data"], JsonNode.Parse(button["value"]!.GetValue<string>())));
            Assert.Equal(action["title"]!.GetValue<string>(), button["text"]!["text"]!.GetValue<string>());
        }
    }

    [Fact]
    public void The_risk_form_as_a_modal_submits_risk_submit_and_carries_it_in_private_metadata()
    {
        var modal = BlockKitRenderer.RenderModal(SampleCards.Card("risk-intake"));

        Assert.Equal("Raise a risk", modal["title"]!["text"]!.GetValue<string>());
        Assert.Equal("Raise risk", modal["submit"]!["text"]!.GetValue<string>());
        Assert.Equal("risk.submit", modal["callback_id"]!.GetValue<string>());
        Assert.Equal("""{"action":"risk.submit","data":{"action":"risk.submit"}}""", modal["private_metadata"]!.GetValue<string>());
        Assert.DoesNotContain(Blocks(modal["blocks"]), b => Type(b) is "header" or "actions");

        var byId = Blocks(modal["blocks"]).Where(b => Type(b) == "input").ToDictionary(b => b["block_id"]!.GetValue<string>(), b => b["element"]!.AsObject());
        Assert.Equal("static_select", Type(byId["category"]));
        Assert.Equal("Security", byId["category"]["initial_option"]!["value"]!.GetValue<string>());
        Assert.Equal(9, byId["category"]["options"]!.AsArray().Count);
        Assert.Equal("4", byId["likelihood"]["initial_option"]!["value"]!.GetValue<string>());
        Assert.Null(byId["impact"]["initial_option"]);
        Assert.Equal("plain_text_input", Type(byId["description"]));
        Assert.True(byId["description"]["multiline"]!.GetValue<bool>());
        Assert.Equal(BlockKitLimits.InputMaxLength, byId["description"]["max_length"]!.GetValue<int>());
        Assert.Equal("Laptops without \"disk\" encryption", byId["title"]["initial_value"]!.GetValue<string>());
        Assert.Equal(120, byId["title"]["max_length"]!.GetValue<int>());
        Assert.Equal("e.g. Laptops without disk encryption", byId["title"]["placeholder"]!["text"]!.GetValue<string>());
        Assert.Equal("datepicker", Type(byId["reviewDate"]));
        Assert.Equal("2027-02-01", byId["reviewDate"]["initial_date"]!.GetValue<string>());

        // The error is under the field it is about, not in a banner at the top.
        var blocks = Blocks(modal["blocks"]).ToList();
        var impact = blocks.FindIndex(b => b["block_id"]?.GetValue<string>() == "impact");
        Assert.Contains("Rate impact from 1 (negligible) to 5 (severe).", blocks[impact + 1].ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(blocks, b => b.ToJsonString().Contains("Please fix these", StringComparison.Ordinal));
    }

    [Fact]
    public void Expanded_choices_are_radio_buttons_and_other_actions_stay_buttons_in_the_modal()
    {
        var modal = BlockKitRenderer.RenderModal(SampleCards.Card("attestation"));
        var result = Blocks(modal["blocks"]).Single(b => b["block_id"]?.GetValue<string>() == "result");

        Assert.Equal("radio_buttons", Type(result["element"]));
        Assert.False(result["optional"]!.GetValue<bool>());
        Assert.Equal("Submit attestation", modal["submit"]!["text"]!.GetValue<string>());
        var upload = Blocks(modal["blocks"]).Single(b => Type(b) == "actions")["elements"]![0]!;
        Assert.Equal("evidence.start", upload["action_id"]!.GetValue<string>());
        Assert.Equal("Attestation · AC-01 Acc…", modal["title"]!["text"]!.GetValue<string>());
        Assert.Contains(Blocks(modal["blocks"]), b => Type(b) == "header");
    }

    [Fact]
    public void A_card_without_inputs_opens_as_a_modal_with_only_a_close_button()
    {
        var modal = BlockKitRenderer.RenderModal(SampleCards.Card("help"));
        Assert.Null(modal["submit"]);
        Assert.Null(modal["private_metadata"]);
        Assert.Equal("Close", modal["close"]!["text"]!.GetValue<string>());
        Assert.Equal(3, Blocks(modal["blocks"]).Single(b => Type(b) == "actions")["elements"]!.AsArray().Count);
    }

    [Fact]
    public void A_task_row_becomes_a_section_with_its_button_beside_it()
    {
        var blocks = BlockKitRenderer.RenderMessage(SampleCards.Card("my-tasks")).Blocks;
        var row = Blocks(blocks).First(b => b["accessory"] is not null);

        Assert.Equal("AC-01 Access provisioning and approval\n2026-Q4 · overdue since 2026-10-14", row["text"]!["text"]!.GetValue<string>());
        Assert.Equal("attest.open", row["accessory"]!["action_id"]!.GetValue<string>());
        Assert.Equal("""{"action":"attest.open","controlId":"AC-01"}""", row["accessory"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Facts_become_section_fields_ten_at_a_time()
    {
        var facts = new JsonArray(Enumerable.Range(1, 23).Select(i => (JsonNode)new JsonObject { ["title"] = $"T{i}", ["value"] = i % 2 == 0 ? $"v{i}" : "" }).ToArray());
        var blocks = BlockKitRenderer.RenderMessage(Card(new JsonObject { ["type"] = "FactSet", ["facts"] = facts })).Blocks;

        Assert.Equal([10, 10, 3], Blocks(blocks).Select(b => b["fields"]!.AsArray().Count));
        Assert.Equal("*T1*\n—", blocks[0]!["fields"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("*T2*\nv2", blocks[0]!["fields"]![1]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Peoples_text_is_escaped_and_cannot_mention_or_link()
    {
        var message = BlockKitRenderer.RenderMessage(Card(TextBlock("Risk <!channel> & <https://evil.example|click> > here")));
        var section = message.Blocks[0]!["text"]!;

        Assert.Equal("Risk &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; &gt; here", section["text"]!.GetValue<string>());
        Assert.True(section["verbatim"]!.GetValue<bool>());
        Assert.DoesNotContain("<", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_text_is_cut_with_an_ellipsis_at_each_limit()
    {
        var longTitle = new string('T', 400);
        var card = Card(TextBlock(longTitle, "Large"), TextBlock(new string('x', 2990) + "&&&&&&&&&&"));
        card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.Execute", ["title"] = new string('B', 100), ["verb"] = "help.show", ["data"] = new JsonObject { ["action"] = "help.show" } });
        var blocks = BlockKitRenderer.RenderMessage(card).Blocks;

        var header = blocks[0]!["text"]!["text"]!.GetValue<string>();
        Assert.Equal(BlockKitLimits.HeaderText, header.Length);
        Assert.EndsWith("…", header, StringComparison.Ordinal);
        var section = blocks[1]!["text"]!["text"]!.GetValue<string>();
        Assert.True(section.Length <= BlockKitLimits.SectionText);
        Assert.EndsWith("&amp;…", section, StringComparison.Ordinal);
        Assert.Equal(BlockKitLimits.ButtonText, blocks[2]!["elements"]![0]!["text"]!["text"]!.GetValue<string>().Length);
        Assert.Equal(BlockKitLimits.ViewTitle, BlockKitRenderer.RenderModal(card)["title"]!["text"]!.GetValue<string>().Length);
    }

    [Fact]
    public void Too_many_entries_are_left_off_with_a_visible_note_and_the_buttons_stay()
    {
        var data = SampleCards.Data("my-tasks");
        data["attestations"] = new JsonArray(Enumerable.Range(1, 120).Select(i => (JsonNode)new JsonObject
        {
            ["controlId"] = $"AC-{i:D3}", ["controlName"] = "Control", ["period"] = "2026-Q4", ["status"] = "due",
        }).ToArray());
        var card = CardLibrary.Render(new CardView("my-tasks", data));
        card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.Execute", ["title"] = "Coverage", ["verb"] = "status.show", ["data"] = new JsonObject { ["action"] = "status.show" } });

        var message = BlockKitRenderer.RenderMessage(card).Blocks;
        Assert.Equal(BlockKitLimits.MessageBlocks, message.Count);
        Assert.Equal("header", Type(message[0]));
        Assert.Equal("actions", Type(message[^1]));
        var note = Blocks(message).Single(b => Type(b) == "context" && b["elements"]![0]!["text"]!.GetValue<string>().StartsWith("Showing the first", StringComparison.Ordinal));
        Assert.Contains("Showing the first 47 of", note["elements"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        var home = BlockKitRenderer.RenderHome(card)["blocks"]!.AsArray();
        Assert.Equal(BlockKitLimits.ViewBlocks, home.Count);
        Assert.Equal(BlockKitLimits.ViewBlocks, BlockKitRenderer.RenderModal(card)["blocks"]!.AsArray().Count);
    }

    [Fact]
    public void More_than_a_hundred_choices_are_cut_to_a_hundred_with_a_hint()
    {
        var choices = new JsonArray(Enumerable.Range(1, 150).Select(i => (JsonNode)new JsonObject { ["title"] = $"Control {i} " + new string('n', 80), ["value"] = $"C-{i}" }).ToArray());
        var card = Card(new JsonObject { ["type"] = "Input.ChoiceSet", ["id"] = "control", ["label"] = "Control", ["value"] = "C-2", ["choices"] = choices });
        var input = BlockKitRenderer.RenderModal(card)["blocks"]![0]!;

        Assert.Equal(BlockKitLimits.Options, input["element"]!["options"]!.AsArray().Count);
        Assert.Equal("Showing the first 100 of 150 choices.", input["hint"]!["text"]!.GetValue<string>());
        Assert.All(input["element"]!["options"]!.AsArray(), o => Assert.True(o!["text"]!["text"]!.GetValue<string>().Length <= BlockKitLimits.OptionText));
        Assert.True(JsonNode.DeepEquals(input["element"]!["options"]![1], input["element"]!["initial_option"]));
    }

    [Fact]
    public void Multi_select_toggle_number_and_empty_choice_inputs_map_to_their_Slack_elements()
    {
        var card = Card(
            new JsonObject { ["type"] = "Input.ChoiceSet", ["id"] = "frameworks", ["label"] = "Frameworks", ["isMultiSelect"] = true, ["value"] = "iso,soc2", ["choices"] = Choices("iso", "soc2", "nist") },
            new JsonObject { ["type"] = "Input.ChoiceSet", ["id"] = "scopes", ["label"] = "Scopes", ["isMultiSelect"] = true, ["style"] = "expanded", ["choices"] = Choices("a", "b") },
            new JsonObject { ["type"] = "Input.Toggle", ["id"] = "notify", ["title"] = "Notify the owner", ["value"] = "true" },
            new JsonObject { ["type"] = "Input.Number", ["id"] = "score", ["label"] = "Score", ["min"] = 1, ["max"] = 25, ["value"] = 4 },
            new JsonObject { ["type"] = "Input.ChoiceSet", ["id"] = "owner", ["label"] = "Owner", ["choices"] = new JsonArray() });
        var elements = Blocks(BlockKitRenderer.RenderModal(card)["blocks"]).ToDictionary(b => b["block_id"]!.GetValue<string>(), b => b["element"]!);

        Assert.Equal("multi_static_select", Type(elements["frameworks"]));
        Assert.Equal(2, elements["frameworks"]["initial_options"]!.AsArray().Count);
        Assert.Equal("checkboxes", Type(elements["scopes"]));
        Assert.Equal("checkboxes", Type(elements["notify"]));
        Assert.Equal("true", elements["notify"]["initial_options"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(("number_input", "4", "1", "25"), (Type(elements["score"]), elements["score"]["initial_value"]!.GetValue<string>(), elements["score"]["min_value"]!.GetValue<string>(), elements["score"]["max_value"]!.GetValue<string>()));
        Assert.Equal("plain_text_input", Type(elements["owner"]));
    }

    [Fact]
    public void Button_data_too_long_for_Slack_keeps_the_action_and_identifiers_and_says_so()
    {
        var card = Card(TextBlock("x"));
        card["actions"] = new JsonArray(new JsonObject
        {
            ["type"] = "Action.Submit", ["title"] = "Go",
            ["data"] = new JsonObject { ["action"] = "attest.submit", ["controlId"] = "AC-01", ["period"] = "2026-Q4", ["comment"] = new string('c', 3000) },
        });
        var button = BlockKitRenderer.RenderMessage(card).Blocks[1]!["elements"]![0]!;

        Assert.Equal("attest.submit", button["action_id"]!.GetValue<string>());
        Assert.Equal("""{"truncated":true,"action":"attest.submit","controlId":"AC-01","period":"2026-Q4"}""", button["value"]!.GetValue<string>());
    }

    [Fact]
    public void Repeated_action_ids_in_one_block_are_told_apart_and_links_are_url_buttons()
    {
        var card = Card(TextBlock("x"));
        card["actions"] = new JsonArray(
            new JsonObject { ["type"] = "Action.Execute", ["title"] = "A", ["verb"] = "attest.open", ["data"] = new JsonObject { ["controlId"] = "AC-01" } },
            new JsonObject { ["type"] = "Action.Execute", ["title"] = "B", ["verb"] = "attest.open", ["data"] = new JsonObject { ["controlId"] = "AC-02" } },
            new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Policy", ["url"] = "https://contoso.example/policy" },
            new JsonObject { ["type"] = "Action.ShowCard", ["title"] = "More" });
        var buttons = BlockKitRenderer.RenderMessage(card).Blocks[1]!["elements"]!.AsArray();

        Assert.Equal(["attest.open", "attest.open#2", "url.open"], buttons.Select(b => b!["action_id"]!.GetValue<string>()));
        Assert.Equal("https://contoso.example/policy", buttons[2]!["url"]!.GetValue<string>());
    }

    [Fact]
    public void The_notification_text_names_the_card_and_its_first_line()
    {
        var message = BlockKitRenderer.RenderMessage(SampleCards.Card("risk-saved"));
        Assert.Equal("RISK-0007 raised: Laptops without disk encryption", message.Text);
    }

    [Fact]
    public void The_Home_tab_shows_several_cards_separated_by_dividers()
    {
        var home = BlockKitRenderer.RenderHome(SampleCards.Card("my-tasks"), SampleCards.Card("coverage-status"));
        var headers = Blocks(home["blocks"]).Where(b => Type(b) == "header").Select(b => b["text"]!["text"]!.GetValue<string>()).ToList();

        Assert.Equal(["Your tasks", "Framework coverage · 2026-11-20"], headers);
        Assert.NotEqual("divider", Type(home["blocks"]![0]));
    }

    private static JsonArray Choices(params string[] values) =>
        new(values.Select(v => (JsonNode)new JsonObject { ["title"] = v.ToUpperInvariant(), ["value"] = v }).ToArray());
}
