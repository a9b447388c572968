using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Channels.Teams;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Validation;
using ComplianceBot.Fakes;

namespace ComplianceBot.Tests.Slack;

public class SlackInteractionReaderTests
{
    // Shaped like the block_actions and view_submission payloads in Slack's documentation and SDK tests.
    private const string ForeignButton = """
        {
          "type": "block_actions",
          "user": { "id": "W123", "username": "olive", "name": "olive", "team_id": "T123" },
          "api_app_id": "A123", "token": "legacy",
          "container": { "type": "message", "message_ts": "1700000000.000200", "channel_id": "C123", "is_ephemeral": false },
          "trigger_id": "123.456.abc",
          "team": { "id": "T123", "domain": "contoso" },
          "channel": { "id": "C123", "name": "compliance" },
          "response_url": "https://hooks.slack.com/actions/T123/456/xyz",
          "actions": [ { "action_id": "approve", "block_id": "k2Q", "text": { "type": "plain_text", "text": "Approve" },
                         "value": "ticket-42", "type": "button", "action_ts": "1700000001.000300" } ]
        }
        """;

    private const string ForeignSubmission = """
        {
          "type": "view_submission",
          "team": { "id": "T123", "domain": "contoso" },
          "user": { "id": "W123", "username": "olive", "name": "olive", "team_id": "T123" },
          "api_app_id": "A123", "trigger_id": "123.456.def",
          "view": {
            "id": "V123", "team_id": "T123", "type": "modal", "callback_id": "ticket-form", "private_metadata": "plain words",
            "blocks": [ { "type": "input", "block_id": "Xy1", "label": { "type": "plain_text", "text": "Summary" }, "optional": false,
                          "element": { "type": "plain_text_input", "action_id": "summary" } } ],
            "state": { "values": { "Xy1": { "summary": { "type": "plain_text_input", "value": "printer on fire" } } } },
            "hash": "1700000002.Qw3rTy", "title": { "type": "plain_text", "text": "Ticket" }
          },
          "response_urls": []
        }
        """;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, string> RiskAnswers = new()
    {
        ["title"] = "Laptops without disk encryption",
        ["description"] = "Field laptops were never enrolled.\nSome are lost & found.",
        ["category"] = "Security",
        ["likelihood"] = "4",
        ["impact"] = "5",
        ["owner"] = "U0MEGAN01",
        ["treatment"] = "",
        ["controls"] = "AC-01,CRY-01",
        ["reviewDate"] = "2027-02-01",
    };

    /// <summary>What Teams gives the conversations for the same card and answers: Action.Execute data merged with the inputs.</summary>
    private static ActionInput TeamsSubmit(JsonObject card, string verb, Dictionary<string, string> answers)
    {
        var action = card["actions"]!.AsArray().OfType<JsonObject>().First(a => a["verb"]?.GetValue<string>() == verb);
        var data = action["data"]!.DeepClone().AsObject();
        foreach (var input in SampleCards.Elements(card).Where(e => e["type"]!.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal)))
        {
            var id = input["id"]!.GetValue<string>();
            data[id] = answers.TryGetValue(id, out var answer) ? answer : input["value"]?.GetValue<string>() ?? "";
        }

        var activity = JsonSerializer.Deserialize<Activity>(
            new JsonObject
            {
                ["type"] = "invoke", ["name"] = "adaptiveCard/action",
                ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data } },
            }.ToJsonString(),
            Web)!;
        return Assert.IsType<ActionInput>(TeamsActivityMapper.InputOf(activity));
    }

    [Fact]
    public void The_risk_form_submitted_in_a_modal_reads_back_as_Teams_would_give_it()
    {
        var card = SampleCards.Card("risk-intake");
        var payload = SlackPayloads.ViewSubmission(BlockKitRenderer.RenderModal(card), RiskAnswers);

        var slack = SlackInteractionReader.FromViewSubmission(SlackInteractionReader.ParseFormBody(SlackPayloads.FormBody(payload))!)!;
        var teams = TeamsSubmit(card, "risk.submit", RiskAnswers);

        Assert.Equal(teams.ActionId, slack.ActionId);
        Assert.True(JsonNode.DeepEquals(teams.Data, slack.Data), $"teams: {teams.Data.ToJsonString()}\nslack: {slack.Data.ToJsonString()}");
        Assert.Equal("risk.submit", slack.ActionId);
        Assert.Equal("", slack.Data["treatment"]!.GetValue<string>());
    }

    [Fact]
    public void The_attestation_answered_in_a_message_reads_back_as_Teams_would_give_it()
    {
        var card = SampleCards.Card("attestation");
        var answers = new Dictionary<string, string> { ["result"] = "partially", ["comment"] = "Two grants <late>." };
        var payload = SlackPayloads.BlockActions(BlockKitRenderer.RenderMessage(card).Blocks, "attest.submit", answers);

        var interaction = SlackInteractionReader.Read(payload)!;
        var teams = TeamsSubmit(card, "attest.submit", answers);

        Assert.Equal(teams.ActionId, interaction.Action!.ActionId);
        Assert.True(JsonNode.DeepEquals(teams.Data, interaction.Action.Data), $"teams: {teams.Data.ToJsonString()}\nslack: {interaction.Action.Data.ToJsonString()}");
        Assert.Equal(("block_actions", "U0PERSON1", "D0CHANNEL1", "1767225600.000100", "1111.2222.click"),
            (interaction.Type, interaction.UserId, interaction.ChannelId, interaction.MessageTs, interaction.TriggerId));
    }

    [Fact]
    public void The_evidence_form_keeps_its_upload_id_and_dates()
    {
        var card = SampleCards.Card("evidence-request");
        var answers = new Dictionary<string, string> { ["control"] = "AC-01", ["expiryDate"] = "" };
        var slack = SlackInteractionReader.FromViewSubmission(SlackPayloads.ViewSubmission(BlockKitRenderer.RenderModal(card), answers))!;

        Assert.Equal("evidence.file", slack.ActionId);
        Assert.True(JsonNode.DeepEquals(TeamsSubmit(card, "evidence.file", answers).Data, slack.Data), slack.Data.ToJsonString());
        Assert.Equal(("UP-01HF3Z", "2026-11-20", ""), (slack.Data["uploadId"]!.GetValue<string>(), slack.Data["effectiveDate"]!.GetValue<string>(), slack.Data["expiryDate"]!.GetValue<string>()));
    }

    [Fact]
    public void A_task_button_reads_as_its_action_with_the_controls_id()
    {
        var blocks = BlockKitRenderer.RenderMessage(SampleCards.Card("my-tasks")).Blocks;
        var input = SlackInteractionReader.FromBlockActions(SlackPayloads.BlockActions(blocks, "evidence.start"))!;

        Assert.Equal("evidence.start", input.ActionId);
        Assert.Equal("""{"action":"evidence.start","controlId":"AC-02"}""", input.Data.ToJsonString());
    }

    [Fact]
    public void A_button_that_is_not_ours_reads_with_its_plain_value()
    {
        var interaction = SlackInteractionReader.Read(JsonNode.Parse(ForeignButton)!.AsObject())!;

        Assert.Equal("approve", interaction.Action!.ActionId);
        Assert.Equal("""{"value":"ticket-42"}""", interaction.Action.Data.ToJsonString());
        Assert.Equal(("W123", "T123", "C123", "1700000000.000200", "https://hooks.slack.com/actions/T123/456/xyz"),
            (interaction.UserId, interaction.TeamId, interaction.ChannelId, interaction.MessageTs, interaction.ResponseUrl));
    }

    [Fact]
    public void A_modal_that_is_not_ours_falls_back_to_the_callback_id()
    {
        var interaction = SlackInteractionReader.Read(JsonNode.Parse(ForeignSubmission)!.AsObject())!;

        Assert.Equal("ticket-form", interaction.Action!.ActionId);
        Assert.Equal("""{"summary":"printer on fire"}""", interaction.Action.Data.ToJsonString());
        Assert.Equal(("V123", "1700000002.Qw3rTy"), (interaction.ViewId, interaction.ViewHash));
    }

    [Fact]
    public void Every_element_state_reads_as_the_string_Adaptive_Cards_would_send()
    {
        var values = JsonNode.Parse("""
            {
              "b1": { "multi": { "type": "multi_static_select", "selected_options": [ { "value": "iso" }, { "value": "soc2" } ] } },
              "b2": { "boxes": { "type": "checkboxes", "selected_options": [] } },
              "b3": { "day": { "type": "datepicker", "selected_date": null } },
              "b4": { "when": { "type": "timepicker", "selected_time": "09:30" } },
              "b5": { "score": { "type": "number_input", "value": "4.5" } },
              "b6": { "pick": { "type": "static_select", "selected_option": null } },
              "b7": { "radio": { "type": "radio_buttons", "selected_option": { "text": { "type": "plain_text", "text": "Yes" }, "value": "yes" } } },
              "b8": { "text": { "type": "plain_text_input", "value": null } }
            }
            """)!.AsObject();

        Assert.Equal(
            """{"multi":"iso,soc2","boxes":"","day":"","when":"09:30","score":"4.5","pick":"","radio":"yes","text":""}""",
            SlackInteractionReader.StateValues(values).ToJsonString());
    }

    [Fact]
    public void Link_buttons_and_payloads_without_actions_give_nothing_to_do()
    {
        var link = JsonNode.Parse("""{"type":"block_actions","user":{"id":"U1"},"actions":[{"type":"button","action_id":"url.open#2","url":"https://x.example"}]}""")!.AsObject();
        Assert.Null(SlackInteractionReader.FromBlockActions(link));
        Assert.Null(SlackInteractionReader.FromBlockActions(JsonNode.Parse("""{"type":"block_actions","actions":[]}""")!.AsObject()));
        Assert.Null(SlackInteractionReader.Read(JsonNode.Parse("""{"user":{"id":7}}""")!.AsObject()));
        Assert.Equal("view_closed", SlackInteractionReader.Read(JsonNode.Parse("""{"type":"view_closed","user":{"id":7},"view":{"id":"V1"}}""")!.AsObject())!.Type);
    }

    [Fact]
    public void A_repeated_button_id_reads_as_the_action_itself()
    {
        var payload = JsonNode.Parse("""{"type":"block_actions","actions":[{"type":"button","action_id":"attest.open#2","value":"{\"action\":\"attest.open\",\"controlId\":\"AC-02\"}"}]}""")!.AsObject();
        var input = SlackInteractionReader.FromBlockActions(payload)!;
        Assert.Equal("attest.open", input.ActionId);
        Assert.Equal("AC-02", input.Data["controlId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"type":"block_actions","user":{"id":"U1"},"state":0,"actions":[{"type":"button","action_id":"evidence.start","value":"{}"}]}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"U1"},"view":0,"actions":[{"type":"button","action_id":"evidence.start","value":7}]}""")]
    [InlineData("""{"type":"block_actions","user":{"id":"U1"},"view":{"state":"x"},"state":{"values":[1]},"actions":[{"type":"static_select","action_id":"a","selected_option":3}]}""")]
    [InlineData("""{"type":"view_submission","user":{"id":"U1"},"view":{"state":0,"private_metadata":"{\"action\":5,\"data\":[]}"}}""")]
    [InlineData("""{"type":"view_submission","user":{"id":"U1"},"view":{"state":{"values":{"b":{"a":0}}},"private_metadata":7,"callback_id":{}}}""")]
    public void Payloads_with_wrong_json_types_are_refused_and_never_throw(string json)
    {
        var payload = JsonNode.Parse(json)!.AsObject();
        Assert.Null(SlackInteractionReader.Read(payload));
        Assert.Null(Record.Exception(() => SlackInteractionReader.FromBlockActions(payload)));
        Assert.Null(Record.Exception(() => SlackInteractionReader.FromViewSubmission(payload)));
    }

    [Theory]
    [InlineData("payload=%7B%22type%22%3A%22block_actions%22%2C%22v%22%3A%22a+b%2Bc%22%7D", "a b+c")]
    [InlineData("token=x&payload=%7B%22type%22%3A%22block_actions%22%2C%22v%22%3A%22%F0%9F%94%90%22%7D", "🔐")]
    public void The_form_body_payload_is_decoded_like_a_form(string body, string expected)
    {
        Assert.Equal(expected, SlackInteractionReader.ParseFormBody(body)!["v"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("payload=not-json")]
    [InlineData("payload=%5B1%5D")]
    [InlineData("command=%2Fcompliance")]
    public void A_body_without_a_payload_object_reads_as_null(string body)
    {
        Assert.Null(SlackInteractionReader.ParseFormBody(body));
    }

    [Fact]
    public void Field_errors_become_a_response_action_keyed_by_block_id()
    {
        var modal = BlockKitRenderer.RenderModal(SampleCards.Card("risk-intake"));
        var body = SlackViewResponses.Errors(
            [new FieldError("impact", "Rate impact from 1 to 5."), new FieldError("impact", "It is required."), new FieldError("reviewDate", "Choose a date in the future."), new FieldError("file", "The file is gone.")],
            modal);

        Assert.Equal(
            """{"response_action":"errors","errors":{"impact":"Rate impact from 1 to 5. It is required.","reviewDate":"Choose a date in the future.","title":"The file is gone."}}""",
            body.ToJsonString());
        Assert.Equal("""{"response_action":"errors","errors":{"due":"Choose a date in the future."}}""",
            SlackViewResponses.Errors([new FieldError("due", "Choose a date in the future.")]).ToJsonString());
    }

    [Fact]
    public void Other_view_answers_update_or_clear_the_modal()
    {
        var view = BlockKitRenderer.RenderModal(SampleCards.Card("risk-saved"));
        Assert.Equal("update", SlackViewResponses.Update(view)["response_action"]!.GetValue<string>());
        Assert.Equal("""{"response_action":"clear"}""", SlackViewResponses.Clear().ToJsonString());
    }
}
