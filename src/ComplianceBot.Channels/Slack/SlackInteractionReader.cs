using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Chat;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// Reads what a person did out of an interaction payload, as the same <see cref="ActionInput"/> a Teams card
/// action gives: the action id, and the action's data merged with the values of the inputs (each under its input
/// id, as strings; multi-selects comma-separated like Adaptive Cards). block_actions: the button's action_id
/// and value JSON, plus state.values of any inputs around it. view_submission: the action and data the renderer
/// put in private_metadata, plus the modal's state.values.
/// </summary>
public static class SlackInteractionReader
{
    /// <summary>The action_id of link buttons: Slack reports their clicks too, and there is nothing to do.</summary>
    public const string OpenUrlActionId = "url.open";

    /// <summary>
    /// The JSON in an interaction request's form body (<c>payload=…</c>), or null when there is none or the body
    /// is not acceptable (see <see cref="FormBody"/> and <see cref="InboundJson"/>: invalid UTF-8, a field or a
    /// JSON property twice, a lone surrogate, JSON nested too deep).
    /// </summary>
    public static JsonObject? ParseFormBody(string formBody)
    {
        ArgumentNullException.ThrowIfNull(formBody);
        return InboundJson.IsWellFormedUtf16(formBody) ? ParseFormBody(System.Text.Encoding.UTF8.GetBytes(formBody)) : null;
    }

    /// <inheritdoc cref="ParseFormBody(string)"/>
    public static JsonObject? ParseFormBody(ReadOnlySpan<byte> formBody) =>
        FormBody.Read(formBody).Fields is { } fields && fields.TryGetValue("payload", out var payload) ? InboundJson.ParseObject(payload) : null;

    /// <summary>Who, where and what: everything the interaction endpoint needs to answer and to act.</summary>
    public static SlackInteraction? Read(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var type = Text(payload, "type");
        if (type is null || !HasSlackShape(payload)) return null;
        var view = payload["view"] as JsonObject;
        var input = type switch
        {
            "block_actions" => FromBlockActions(payload),
            "view_submission" => FromViewSubmission(payload),
            _ => null,
        };
        return new SlackInteraction(
            type,
            Text(payload, "user", "id") ?? "",
            Text(payload, "team", "id") ?? Text(payload, "user", "team_id"),
            Text(payload, "channel", "id") ?? Text(payload, "container", "channel_id"),
            Text(payload, "message", "ts") ?? Text(payload, "container", "message_ts"),
            Text(payload, "trigger_id"),
            view is null ? null : Text(view, "id"),
            view is null ? null : Text(view, "hash"),
            Text(payload, "response_url"),
            input);
    }

    /// <summary>
    /// Whether the parts Slack always sends as objects, arrays or strings are such where present: a payload whose
    /// user, view, state or actions has another type is not from Slack's interactivity, and is refused whole.
    /// </summary>
    public static bool HasSlackShape(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        static bool Is<T>(JsonObject obj, string name) => !obj.TryGetPropertyValue(name, out var node) || node is T;
        static bool IsText(JsonObject obj, string name) =>
            !obj.TryGetPropertyValue(name, out var node) || (node is JsonValue value && value.GetValueKind() == JsonValueKind.String);

        foreach (var name in (string[])["user", "team", "channel", "container", "message", "view", "state"])
        {
            if (!Is<JsonObject>(payload, name)) return false;
        }

        if (!Is<JsonArray>(payload, "actions") || !IsText(payload, "trigger_id") || !IsText(payload, "response_url")) return false;
        if (payload["actions"] is JsonArray actions && actions.Any(a => a is not JsonObject action || !IsText(action, "action_id") || !IsText(action, "action_ts")))
            return false;
        if (payload["state"] is JsonObject state && !Is<JsonObject>(state, "values")) return false;
        return payload["view"] is not JsonObject view
            || (Is<JsonObject>(view, "state") && (view["state"] is not JsonObject viewState || Is<JsonObject>(viewState, "values"))
                && IsText(view, "private_metadata") && IsText(view, "callback_id") && IsText(view, "id") && IsText(view, "hash"));
    }

    /// <summary>
    /// What an external select asks for (block_suggestion): the dataset after '#' in its action_id and the text typed
    /// so far. Null when the action_id names no dataset.
    /// </summary>
    public static (string Dataset, string Text)? SuggestionOf(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var actionId = Text(payload, "action_id") ?? "";
        var hash = actionId.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0 || hash == actionId.Length - 1) return null;
        return (actionId[(hash + 1)..], Text(payload, "value") ?? "");
    }

    /// <summary>The clicked button as an action; null for link buttons and payloads without an action.</summary>
    public static ActionInput? FromBlockActions(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload["actions"] is not JsonArray { Count: > 0 } actions || actions[0] is not JsonObject action) return null;
        var actionId = Text(action, "action_id") ?? "";
        var hash = actionId.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0) actionId = actionId[..hash];
        if (actionId == OpenUrlActionId) return null;

        var data = Text(action, "type") == "button" ? ValueData(Text(action, "value")) : [];
        if (Text(action, "type") != "button" && Value(action) is { } selected) data[Text(action, "block_id") ?? actionId] = selected;
        var state = Child(payload, "state", "values") ?? Child(payload["view"] as JsonObject, "state", "values");
        Merge(data, StateValues(state));
        return new ActionInput(actionId, data);
    }

    /// <summary>The modal's submission as the action in its private_metadata, with the inputs' values.</summary>
    public static ActionInput? FromViewSubmission(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload["view"] is not JsonObject view) return null;
        string? actionId = null;
        JsonObject data = [];
        if (Text(view, "private_metadata") is { } metadata)
        {
            // Not ours (not a JSON object): fall back to the callback id.
            if (InboundJson.ParseObject(metadata) is { } carried)
            {
                actionId = Text(carried, "action");
                if (carried["data"] is JsonObject carriedData) data = (JsonObject)carriedData.DeepClone();
            }
        }

        actionId ??= Text(view, "callback_id") ?? "";
        Merge(data, StateValues(Child(view, "state", "values")));
        return new ActionInput(actionId, data);
    }

    /// <summary>
    /// state.values (block_id → action_id → element state) as input id → string value, keyed by action_id:
    /// text and number inputs give their value, selects and radio buttons the chosen option's value, multi-selects
    /// and checkboxes their values comma-separated, date and time pickers yyyy-MM-dd and HH:mm; empty is "".
    /// </summary>
    public static JsonObject StateValues(JsonObject? values)
    {
        var result = new JsonObject();
        foreach (var (_, block) in values ?? [])
        {
            if (block is not JsonObject elements) continue;
            foreach (var (actionId, state) in elements)
            {
                // An external select's action_id carries its dataset after '#': the value is the input's.
                var hash = actionId.IndexOf('#', StringComparison.Ordinal);
                if (state is JsonObject element) result[hash >= 0 ? actionId[..hash] : actionId] = Value(element) ?? "";
            }
        }

        return result;
    }

    private static string? Value(JsonObject element) => Text(element, "type") switch
    {
        "static_select" or "radio_buttons" or "external_select" => Text(element, "selected_option", "value"),
        "multi_static_select" or "checkboxes" or "multi_external_select" => string.Join(',',
            (element["selected_options"] as JsonArray ?? []).OfType<JsonObject>().Select(o => Text(o, "value")).OfType<string>()),
        "datepicker" => Text(element, "selected_date"),
        "timepicker" => Text(element, "selected_time"),
        "users_select" => Text(element, "selected_user"),
        "multi_users_select" => string.Join(',', (element["selected_users"] as JsonArray ?? []).Select(u => u is JsonValue v && v.TryGetValue<string>(out var id) ? id : null).OfType<string>()),
        "conversations_select" => Text(element, "selected_conversation"),
        "channels_select" => Text(element, "selected_channel"),
        _ => Text(element, "value"),
    };

    private static JsonObject ValueData(string? value)
    {
        if (string.IsNullOrEmpty(value)) return [];

        // A plain value (not one of our buttons) is kept as such.
        return InboundJson.ParseObject(value) ?? new JsonObject { ["value"] = value };
    }

    // Inputs win over data with the same name, as in Adaptive Cards.
    private static void Merge(JsonObject data, JsonObject inputs)
    {
        foreach (var (name, value) in inputs) data[name] = value?.DeepClone();
    }

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string? Text(JsonObject obj, string parent, string name) => obj[parent] is JsonObject inner ? Text(inner, name) : null;

    /// <summary>obj.parent.name when both are objects; null for anything else (a number, a string, missing).</summary>
    private static JsonObject? Child(JsonObject? obj, string parent, string name) =>
        obj?[parent] is JsonObject inner ? inner[name] as JsonObject : null;
}

/// <summary>One interaction payload: who acted, where (channel and message, or view), the ids needed to answer, and the action.</summary>
/// <param name="TriggerId">Opens a modal with views.open within 3 s.</param>
/// <param name="ViewHash">Pass to views.update so a stale update is refused.</param>
public sealed record SlackInteraction(
    string Type, string UserId, string? TeamId, string? ChannelId, string? MessageTs, string? TriggerId,
    string? ViewId, string? ViewHash, string? ResponseUrl, ActionInput? Action);
