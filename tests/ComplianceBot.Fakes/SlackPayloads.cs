using System.Text.Json.Nodes;

namespace ComplianceBot.Fakes;

/// <summary>
/// Interaction payloads as Slack sends them when a person acts on the blocks we rendered: a button click
/// (block_actions) and a modal submission (view_submission), with state.values filled in for each input element
/// type the way Slack reports it, and the form body they arrive in.
/// </summary>
public static class SlackPayloads
{
    private static int clicks;

    /// <summary>A view_submission of <paramref name="view"/> (as views.open returned it, or as rendered) with the person's answers by input id.</summary>
    public static JsonObject ViewSubmission(JsonObject view, IReadOnlyDictionary<string, string> answers, string userId = "U0PERSON1", string teamId = FakeSlackApi.TeamId)
    {
        ArgumentNullException.ThrowIfNull(view);
        var submitted = (JsonObject)view.DeepClone();
        submitted["id"] ??= "V0SUBMIT1";
        submitted["hash"] ??= "1767225600.abcdef";
        submitted["state"] = new JsonObject { ["values"] = State(view["blocks"] as JsonArray, answers) };
        return new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = teamId, ["domain"] = "contoso" },
            ["user"] = new JsonObject { ["id"] = userId, ["username"] = "person", ["name"] = "person", ["team_id"] = teamId },
            ["api_app_id"] = "A0FAKE01",
            ["trigger_id"] = "1111.2222.submit",
            ["view"] = submitted,
            ["response_urls"] = new JsonArray(),
        };
    }

    /// <summary>A block_actions for the button with <paramref name="actionId"/> in a message's blocks, with the message's inputs answered.</summary>
    public static JsonObject BlockActions(
        JsonArray blocks, string actionId, IReadOnlyDictionary<string, string>? answers = null, string channel = "D0CHANNEL1", string messageTs = "1767225600.000100", string userId = "U0PERSON1")
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var button = blocks.OfType<JsonObject>()
            .SelectMany(b => b["elements"] is JsonArray elements ? elements.OfType<JsonObject>() : b["accessory"] is JsonObject accessory ? [accessory] : [])
            .FirstOrDefault(e => e["action_id"]?.GetValue<string>() == actionId)
            ?? throw new ArgumentException($"No button {actionId} in the blocks.", nameof(actionId));
        var action = new JsonObject
        {
            ["action_id"] = actionId, ["block_id"] = "b0", ["type"] = "button", ["text"] = button["text"]!.DeepClone(),
            ["action_ts"] = $"1767225601.{Interlocked.Increment(ref clicks):D6}",
        };
        if (button["value"] is { } value) action["value"] = value.DeepClone();
        return new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = userId, ["username"] = "person", ["team_id"] = FakeSlackApi.TeamId },
            ["api_app_id"] = "A0FAKE01",
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = channel, ["is_ephemeral"] = false },
            ["trigger_id"] = "1111.2222.click",
            ["team"] = new JsonObject { ["id"] = FakeSlackApi.TeamId, ["domain"] = "contoso" },
            ["channel"] = new JsonObject { ["id"] = channel, ["name"] = "directmessage" },
            ["message"] = new JsonObject { ["type"] = "message", ["ts"] = messageTs, ["blocks"] = blocks.DeepClone() },
            ["state"] = new JsonObject { ["values"] = State(blocks, answers ?? new Dictionary<string, string>()) },
            ["response_url"] = "https://hooks.slack.com/actions/T0FAKE01/1/abc",
            ["actions"] = new JsonArray(action),
        };
    }

    /// <summary>The request body Slack posts: <c>payload=</c> and the URL-encoded JSON.</summary>
    public static string FormBody(JsonObject payload) => "payload=" + Uri.EscapeDataString(payload.ToJsonString()).Replace("%20", "+", StringComparison.Ordinal);

    /// <summary>state.values for the input blocks: an answer where given, the element's initial value otherwise.</summary>
    private static JsonObject State(JsonArray? blocks, IReadOnlyDictionary<string, string> answers)
    {
        var values = new JsonObject();
        foreach (var block in (blocks ?? []).OfType<JsonObject>().Where(b => b["type"]?.GetValue<string>() == "input"))
        {
            var element = block["element"]!.AsObject();
            var actionId = element["action_id"]!.GetValue<string>();
            var type = element["type"]!.GetValue<string>();
            // An external select's action_id is "inputId#dataset"; answers are given by input id.
            answers.TryGetValue(actionId.Split('#')[0], out var answer);
            var options = (element["options"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            JsonNode? Option(string value) => options.FirstOrDefault(o => o["value"]!.GetValue<string>() == value)?.DeepClone();
            // Options a typeahead loaded: Slack sends back the option it showed.
            static JsonNode Picked(string value) => new JsonObject { ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = value }, ["value"] = value };
            var state = new JsonObject { ["type"] = type };
            switch (type)
            {
                case "static_select" or "radio_buttons":
                    state["selected_option"] = answer is null ? element["initial_option"]?.DeepClone() : answer.Length == 0 ? null : Option(answer);
                    break;
                case "multi_static_select" or "checkboxes":
                    state["selected_options"] = answer is null
                        ? element["initial_options"]?.DeepClone() ?? new JsonArray()
                        : new JsonArray(answer.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Option).ToArray());
                    break;
                case "external_select":
                    state["selected_option"] = answer is null ? element["initial_option"]?.DeepClone() : answer.Length == 0 ? null : Picked(answer);
                    break;
                case "multi_external_select":
                    state["selected_options"] = answer is null
                        ? element["initial_options"]?.DeepClone() ?? new JsonArray()
                        : new JsonArray(answer.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Picked).ToArray());
                    break;
                case "users_select":
                    state["selected_user"] = answer is null ? element["initial_user"]?.DeepClone() : answer.Length == 0 ? null : answer;
                    break;
                case "datepicker":
                    state["selected_date"] = answer is null ? element["initial_date"]?.DeepClone() : answer.Length == 0 ? null : answer;
                    break;
                case "timepicker":
                    state["selected_time"] = answer ?? element["initial_time"]?.GetValue<string>();
                    break;
                default:
                    state["value"] = answer ?? element["initial_value"]?.GetValue<string>();
                    break;
            }

            values[block["block_id"]!.GetValue<string>()] = new JsonObject { [actionId] = state };
        }

        return values;
    }
}
