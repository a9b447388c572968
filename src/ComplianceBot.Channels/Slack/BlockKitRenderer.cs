using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// Translates our Adaptive Cards (cards/*.json, bound by <see cref="CardLibrary"/>) into Block Kit: message
/// blocks with a notification text, a modal view for forms, and the Home tab. Inputs keep their ids as block_id
/// and action_id, and buttons carry the action's id and data, so <see cref="SlackInteractionReader"/> gives the
/// conversations the same action and fields a Teams card does. Block Kit's limits are kept: text is cut with
/// "…", and when blocks run out the rest is left off with a visible "Showing the first N of M" note.
/// </summary>
public static class BlockKitRenderer
{
    private const string DefaultTitle = "ComplianceBot";

    public static BlockKitMessage RenderMessage(CardView view) => RenderMessage(CardLibrary.Render(view));

    /// <summary>
    /// Message blocks. Inputs stay interactive input blocks; a button's block_actions then carries their values in
    /// state.values, which the reader merges like Teams merges inputs into Action.Submit data.
    /// </summary>
    public static BlockKitMessage RenderMessage(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var layout = new BlockKitLayout();
        layout.Body(card["body"] as JsonArray);
        layout.Actions(TopActions(card));
        layout.Flush();
        return new BlockKitMessage(FallbackText(layout), Fit(layout.Blocks, BlockKitLimits.MessageBlocks));
    }

    public static JsonObject RenderModal(CardView view, string? callbackId = null, bool notifyOnClose = false) =>
        RenderModal(CardLibrary.Render(view), callbackId, notifyOnClose);

    /// <summary>
    /// A view of type modal. The card's first Submit/Execute action becomes the modal's submit button (when the card
    /// has inputs); its id and data travel in private_metadata as <c>{"action":…,"data":{…}}</c> (compact JSON,
    /// at most 3000 characters) and come back with the view_submission. Other actions stay buttons in the modal.
    /// </summary>
    /// <param name="callbackId">Defaults to the submit action's id.</param>
    /// <param name="notifyOnClose">Ask Slack for a view_closed when the person cancels.</param>
    public static JsonObject RenderModal(JsonObject card, string? callbackId = null, bool notifyOnClose = false)
    {
        ArgumentNullException.ThrowIfNull(card);
        var layout = new BlockKitLayout();
        layout.Body(card["body"] as JsonArray);
        layout.Flush();
        var actions = TopActions(card).ToList();
        var submit = layout.HasInputs ? actions.FirstOrDefault(BlockKitActions.IsSubmit) : null;
        layout.Actions(actions.Where(a => a != submit));
        layout.Flush();

        var title = layout.Title ?? DefaultTitle;
        var blocks = layout.Blocks.ToList();
        // The title bar shows the header already, unless it had to be shortened to fit there.
        if (title.Length <= BlockKitLimits.ViewTitle) blocks.RemoveAll(b => b.Role == BlockRole.Header && b.Block["text"]?["text"]?.GetValue<string>() == title);

        var submitId = submit is null ? null : BlockKitActions.ActionId(submit);
        var view = new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = BlockKitText.Truncate(callbackId ?? submitId ?? "card", BlockKitLimits.Id),
            ["title"] = BlockKitText.Plain(title, BlockKitLimits.ViewTitle),
        };
        if (submit is not null)
        {
            view["submit"] = BlockKitText.Plain(BlockKitActions.Text(submit, "title") ?? "Submit", BlockKitLimits.ViewTitle);
            view["private_metadata"] = PrivateMetadata(submitId!, BlockKitActions.Data(submit));
        }

        view["close"] = BlockKitText.Plain(submit is null ? "Close" : "Cancel", BlockKitLimits.ViewTitle);
        if (notifyOnClose) view["notify_on_close"] = true;
        view["blocks"] = Fit(blocks, BlockKitLimits.ViewBlocks);
        return view;
    }

    public static JsonObject RenderHome(params CardView[] views) => RenderHome(views.Select(v => CardLibrary.Render(v)).ToArray());

    /// <summary>A Home tab (view of type home) showing the cards one below the other.</summary>
    public static JsonObject RenderHome(params JsonObject[] cards)
    {
        ArgumentNullException.ThrowIfNull(cards);
        var layout = new BlockKitLayout();
        foreach (var card in cards)
        {
            layout.Divider();
            layout.Body(card["body"] as JsonArray);
            layout.Actions(TopActions(card));
        }

        layout.Flush();
        return new JsonObject { ["type"] = "home", ["callback_id"] = "home", ["blocks"] = Fit(layout.Blocks, BlockKitLimits.ViewBlocks) };
    }

    /// <summary>private_metadata for a modal: the action id and its data, compact, within Slack's 3000 characters.</summary>
    public static string PrivateMetadata(string actionId, JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var budget = BlockKitLimits.PrivateMetadata - new JsonObject { ["action"] = actionId, ["data"] = new JsonObject() }.ToJsonString().Length;
        var compact = JsonNode.Parse(BlockKitActions.Compact(data, budget))!;
        return new JsonObject { ["action"] = actionId, ["data"] = compact }.ToJsonString();
    }

    private static IEnumerable<JsonObject> TopActions(JsonObject card) => (card["actions"] as JsonArray ?? []).OfType<JsonObject>();

    /// <summary>
    /// At most <paramref name="limit"/> blocks. Headers, inputs and buttons are always kept; content blocks are
    /// kept in order while they fit, and a context note says how many were shown.
    /// </summary>
    private static JsonArray Fit(IReadOnlyList<LaidBlock> blocks, int limit)
    {
        if (blocks.Count <= limit) return new JsonArray(blocks.Select(b => Own(b.Block)).ToArray());
        var content = blocks.Count(b => b.Role == BlockRole.Content);
        var room = Math.Max(0, limit - 1 - (blocks.Count - content));
        var kept = new JsonArray();
        var shown = 0;
        var noted = false;
        foreach (var block in blocks)
        {
            if (block.Role == BlockRole.Content)
            {
                if (shown < room)
                {
                    kept.Add(Own(block.Block));
                    shown++;
                    continue;
                }

                if (noted) continue;
                noted = true;
                kept.Add(new JsonObject
                {
                    ["type"] = "context",
                    ["elements"] = new JsonArray(BlockKitText.Mrkdwn($"Showing the first {shown} of {content} entries; the rest did not fit here.", BlockKitLimits.SectionText)),
                });
                continue;
            }

            if (kept.Count < limit) kept.Add(Own(block.Block));
        }

        return kept;
    }

    /// <summary>A laid-out block for the result: itself while it belongs nowhere yet (the usual case), else a copy.</summary>
    private static JsonNode Own(JsonObject block) => block.Parent is null ? block : block.DeepClone();

    /// <summary>The notification text: the title and the first line of content, as mrkdwn.</summary>
    private static string FallbackText(BlockKitLayout layout)
    {
        var first = layout.Blocks.Where(b => b.Role == BlockRole.Content && b.Block["type"]?.GetValue<string>() == "section")
            .Select(b => b.Block["text"]?["text"]?.GetValue<string>() ?? b.Block["fields"]?[0]?["text"]?.GetValue<string>())
            .FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))?.Split('\n')[0];
        var title = layout.Title is null ? null : BlockKitText.Escape(layout.Title);
        var text = title is null ? first ?? DefaultTitle : first is null ? title : $"{title}: {first}";
        return BlockKitText.Truncate(text, 300);
    }
}

/// <summary>A Block Kit message: <see cref="Text"/> for notifications and screen readers, <see cref="Blocks"/> for the layout.</summary>
public sealed record BlockKitMessage(string Text, JsonArray Blocks);
