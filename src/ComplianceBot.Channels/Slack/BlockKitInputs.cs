using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// Adaptive Card inputs as Block Kit input blocks. The contract <see cref="SlackInteractionReader"/> relies on:
/// block_id and action_id are both the input's id, so submitted values come back under the same names as
/// in Teams; the label is the input's label; optional is the opposite of isRequired.
/// </summary>
internal static class BlockKitInputs
{
    public static bool IsInput(JsonObject element) => BlockKitActions.Text(element, "type")?.StartsWith("Input.", StringComparison.Ordinal) == true;

    public static JsonObject? Block(JsonObject input)
    {
        var id = BlockKitActions.Text(input, "id");
        if (id is null) return null;
        string? hint = null;
        var element = BlockKitActions.Text(input, "type") switch
        {
            "Input.Text" => TextInput(input, id),
            "Input.Number" => NumberInput(input, id),
            "Input.Date" => Picker(input, id, "datepicker", "initial_date", "yyyy-MM-dd"),
            "Input.Time" => Picker(input, id, "timepicker", "initial_time", "HH:mm"),
            "Input.ChoiceSet" => ChoiceInput(input, id, out hint),
            "Input.Toggle" => ToggleInput(input, id),
            _ => null,
        };
        if (element is null) return null;

        var label = BlockKitActions.Text(input, "label") ?? BlockKitActions.Text(input, "placeholder") ?? id;
        var block = new JsonObject
        {
            ["type"] = "input",
            ["block_id"] = id,
            ["label"] = BlockKitText.Plain(label, BlockKitLimits.LabelText),
            ["optional"] = input["isRequired"] is not JsonValue required || !required.TryGetValue<bool>(out var isRequired) || !isRequired,
            ["element"] = element,
        };
        if (hint is not null) block["hint"] = BlockKitText.Plain(hint, BlockKitLimits.LabelText);
        return block;
    }

    private static JsonObject TextInput(JsonObject input, string id)
    {
        var element = Element("plain_text_input", id, input);
        if (input["isMultiline"] is JsonValue multiline && multiline.TryGetValue<bool>(out var isMultiline) && isMultiline) element["multiline"] = true;
        var max = Number(input, "maxLength") is { } n and > 0 ? (int)Math.Min(n, BlockKitLimits.InputMaxLength) : BlockKitLimits.InputMaxLength;
        if (Number(input, "maxLength") is > 0) element["max_length"] = max;
        if (BlockKitActions.Text(input, "value") is { } value) element["initial_value"] = value.Length > max ? value[..max] : value;
        return element;
    }

    private static JsonObject NumberInput(JsonObject input, string id)
    {
        var element = Element("number_input", id, input);
        element["is_decimal_allowed"] = true;
        if (Number(input, "value") is { } value) element["initial_value"] = value.ToString(CultureInfo.InvariantCulture);
        if (Number(input, "min") is { } min) element["min_value"] = min.ToString(CultureInfo.InvariantCulture);
        if (Number(input, "max") is { } max) element["max_value"] = max.ToString(CultureInfo.InvariantCulture);
        return element;
    }

    /// <summary>A date or time picker, preset only when the value is in the form Slack takes (yyyy-MM-dd, HH:mm).</summary>
    private static JsonObject Picker(JsonObject input, string id, string type, string initialField, string format)
    {
        var element = Element(type, id, input);
        if (BlockKitActions.Text(input, "value") is { } value
            && DateTime.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            element[initialField] = value;
        }

        return element;
    }

    private static JsonObject ChoiceInput(JsonObject input, string id, out string? hint)
    {
        hint = null;
        var choices = (input["choices"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => (Title: BlockKitActions.Text(c, "title") ?? BlockKitActions.Text(c, "value") ?? "", Value: c["value"]?.ToString() ?? ""))
            .ToList();
        var multi = input["isMultiSelect"] is JsonValue m && m.TryGetValue<bool>(out var isMulti) && isMulti;
        if (input["choices.data"] is JsonObject query && BlockKitActions.Text(query, "dataset") is { } dataset)
            return Typeahead(input, id, dataset, multi, choices);
        if (choices.Count == 0) return TextInput(input, id);

        var expanded = BlockKitActions.Text(input, "style") == "expanded" && choices.Count <= BlockKitLimits.ExpandedOptions;
        if (choices.Count > BlockKitLimits.Options)
        {
            hint = $"Showing the first {BlockKitLimits.Options} of {choices.Count} choices.";
            choices = choices.Take(BlockKitLimits.Options).ToList();
        }

        var options = choices.Select(c => new JsonObject { ["text"] = BlockKitText.Plain(c.Title, BlockKitLimits.OptionText), ["value"] = c.Value }).ToList();
        var selected = (BlockKitActions.Text(input, "value") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var initial = options.Where(o => selected.Contains(o["value"]!.GetValue<string>(), StringComparer.Ordinal)).ToList();

        var type = (multi, expanded) switch
        {
            (true, true) => "checkboxes",
            (true, false) => "multi_static_select",
            (false, true) => "radio_buttons",
            (false, false) => "static_select",
        };
        var element = expanded ? new JsonObject { ["type"] = type, ["action_id"] = id } : Element(type, id, input);
        element["options"] = new JsonArray(options.ToArray<JsonNode>());
        if (multi && initial.Count > 0) element["initial_options"] = new JsonArray(initial.Select(o => o.DeepClone()).ToArray());
        else if (!multi && initial.Count > 0) element["initial_option"] = initial[0].DeepClone();
        return element;
    }

    /// <summary>
    /// A Teams typeahead (choices.data): the people picker becomes users_select (preset when the value is a Slack
    /// user id); any other dataset an external select whose options the host serves on block_suggestion. Its
    /// action_id is "id#dataset", so the suggestion request names the dataset; the static choices that are selected
    /// are its initial options.
    /// </summary>
    private static JsonObject Typeahead(JsonObject input, string id, string dataset, bool multi, List<(string Title, string Value)> choices)
    {
        var selected = (BlockKitActions.Text(input, "value") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (dataset == Core.Conversations.ChoiceSearch.PeopleDataset)
        {
            var users = selected.Where(IsSlackUserId).ToList();
            var picker = Element(multi ? "multi_users_select" : "users_select", id, input);
            if (multi && users.Count > 0) picker["initial_users"] = new JsonArray(users.Select(u => (JsonNode)u).ToArray());
            else if (!multi && users.Count > 0) picker["initial_user"] = users[0];
            return picker;
        }

        var element = Element(multi ? "multi_external_select" : "external_select", id + SuggestionSeparator + dataset, input);
        element["min_query_length"] = 1;
        var initial = choices.Where(c => selected.Contains(c.Value, StringComparer.Ordinal))
            .Select(c => (JsonNode)new JsonObject { ["text"] = BlockKitText.Plain(c.Title, BlockKitLimits.OptionText), ["value"] = c.Value })
            .ToArray();
        if (multi && initial.Length > 0) element["initial_options"] = new JsonArray(initial);
        else if (!multi && initial.Length > 0) element["initial_option"] = initial[0];
        return element;
    }

    /// <summary>Between an external select's input id and the dataset it searches, in its action_id.</summary>
    public const char SuggestionSeparator = '#';

    private static bool IsSlackUserId(string value) => value.Length > 1 && value[0] is 'U' or 'W' && value.All(char.IsAsciiLetterOrDigit);

    private static JsonObject ToggleInput(JsonObject input, string id)
    {
        var on = BlockKitActions.Text(input, "valueOn") ?? "true";
        var option = new JsonObject { ["text"] = BlockKitText.Plain(BlockKitActions.Text(input, "title") ?? id, BlockKitLimits.OptionText), ["value"] = on };
        var element = new JsonObject { ["type"] = "checkboxes", ["action_id"] = id, ["options"] = new JsonArray(option) };
        if (BlockKitActions.Text(input, "value") == on) element["initial_options"] = new JsonArray(option.DeepClone());
        return element;
    }

    private static JsonObject Element(string type, string id, JsonObject input)
    {
        var element = new JsonObject { ["type"] = type, ["action_id"] = id };
        if (BlockKitActions.Text(input, "placeholder") is { } placeholder) element["placeholder"] = BlockKitText.Plain(placeholder, BlockKitLimits.PlaceholderText);
        return element;
    }

    private static double? Number(JsonObject input, string name) => input[name] is JsonValue value
        && double.TryParse(value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
