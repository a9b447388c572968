using System.Text.Json.Nodes;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Channels.Slack;

/// <summary>Bodies for acknowledging a view_submission: show field errors beside the inputs, update or clear the modal.</summary>
public static class SlackViewResponses
{
    /// <summary>
    /// <c>{"response_action":"errors","errors":{block_id: message}}</c>. Block ids are the input ids, so a
    /// <see cref="FieldError.Field"/> is the key. Several errors for one field are joined; when <paramref name="view"/> is
    /// given, errors for fields it has no input for are shown on its first input, since Slack accepts only input block ids.
    /// </summary>
    public static JsonObject Errors(IEnumerable<FieldError> errors, JsonObject? view = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var inputs = (view?["blocks"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(b => b["type"]?.GetValue<string>() == "input")
            .Select(b => b["block_id"]?.GetValue<string>())
            .OfType<string>()
            .ToList();
        var byBlock = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var error in errors)
        {
            var key = view is null || inputs.Contains(error.Field) || inputs.Count == 0 ? error.Field : inputs[0];
            if (!byBlock.TryGetValue(key, out var messages)) byBlock[key] = messages = [];
            messages.Add(error.Message);
        }

        var body = new JsonObject();
        foreach (var (block, messages) in byBlock) body[block] = BlockKitText.Truncate(string.Join(" ", messages), BlockKitLimits.LabelText);
        return new JsonObject { ["response_action"] = "errors", ["errors"] = body };
    }

    /// <summary>Replaces the open modal with <paramref name="view"/> (e.g. a result).</summary>
    public static JsonObject Update(JsonObject view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new JsonObject { ["response_action"] = "update", ["view"] = view.DeepClone() };
    }

    /// <summary>Closes the whole modal stack.</summary>
    public static JsonObject Clear() => new() { ["response_action"] = "clear" };
}
