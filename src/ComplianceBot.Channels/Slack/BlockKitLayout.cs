using System.Text.Json.Nodes;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// Walks an Adaptive Card's body into Block Kit blocks: TextBlocks into sections (consecutive ones share a
/// section), large text into headers, subtle text into context, FactSets into section fields, attention and
/// warning containers into one warning section, rows of text with one button into a section with that button,
/// other containers and columns flattened, images into image blocks, inputs into input blocks.
/// </summary>
internal sealed class BlockKitLayout
{
    private readonly List<LaidBlock> blocks = [];
    private readonly List<string> pendingLines = [];
    private bool pendingSubtle;

    public IReadOnlyList<LaidBlock> Blocks => blocks;

    /// <summary>The first header's text: the card's title.</summary>
    public string? Title { get; private set; }

    public bool HasInputs => blocks.Any(b => b.Role == BlockRole.Input);

    public void Body(JsonArray? items)
    {
        foreach (var item in (items ?? []).OfType<JsonObject>()) Element(item);
    }

    public void Actions(IEnumerable<JsonObject> actions)
    {
        Flush();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var buttons = actions.Select(a => BlockKitActions.Button(a, used)).OfType<JsonObject>().ToList();
        foreach (var chunk in buttons.Chunk(BlockKitLimits.ActionsElements))
        {
            blocks.Add(new LaidBlock(new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray(chunk.ToArray<JsonNode>()) }, BlockRole.Actions));
        }
    }

    public void Divider()
    {
        Flush();
        if (blocks.Count > 0) blocks.Add(new LaidBlock(new JsonObject { ["type"] = "divider" }, BlockRole.Content));
    }

    public void Flush()
    {
        if (pendingLines.Count == 0) return;
        var text = BlockKitText.Mrkdwn(string.Join('\n', pendingLines), BlockKitLimits.SectionText);
        blocks.Add(new LaidBlock(
            pendingSubtle
                ? new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(text) }
                : new JsonObject { ["type"] = "section", ["text"] = text },
            BlockRole.Content));
        pendingLines.Clear();
    }

    private void Element(JsonObject element)
    {
        if (element["isVisible"] is JsonValue visible && visible.TryGetValue<bool>(out var isVisible) && !isVisible) return;
        if (element["separator"] is JsonValue separator && separator.TryGetValue<bool>(out var hasSeparator) && hasSeparator) Divider();
        switch (BlockKitActions.Text(element, "type"))
        {
            case "TextBlock":
            case "RichTextBlock":
                Text(element);
                break;
            case "FactSet":
                Facts(element);
                break;
            case "Container" when BlockKitActions.Text(element, "style") is "attention" or "warning":
                Warning(element);
                break;
            case "Container":
            case "Column":
                Body(element["items"] as JsonArray);
                break;
            case "ColumnSet":
                if (!Row(element))
                {
                    foreach (var column in (element["columns"] as JsonArray ?? []).OfType<JsonObject>()) Element(column);
                }

                break;
            case "Image":
                Image(element);
                break;
            case "ImageSet":
                foreach (var image in (element["images"] as JsonArray ?? []).OfType<JsonObject>()) Image(image);
                break;
            case "ActionSet":
                Actions((element["actions"] as JsonArray ?? []).OfType<JsonObject>());
                break;
            case not null when BlockKitInputs.IsInput(element):
                Flush();
                if (BlockKitInputs.Block(element) is { } input) blocks.Add(new LaidBlock(input, BlockRole.Input));
                break;
        }
    }

    private void Text(JsonObject element)
    {
        var raw = PlainText(element);
        if (string.IsNullOrWhiteSpace(raw)) return;
        if (BlockKitActions.Text(element, "size") is "Large" or "ExtraLarge" or "large" or "extraLarge")
        {
            Flush();
            Title ??= raw;
            blocks.Add(new LaidBlock(new JsonObject { ["type"] = "header", ["text"] = BlockKitText.Plain(raw, BlockKitLimits.HeaderText) }, BlockRole.Header));
            return;
        }

        var subtle = element["isSubtle"] is JsonValue s && s.TryGetValue<bool>(out var isSubtle) && isSubtle;
        var line = Line(element, raw);
        if (pendingLines.Count > 0 && (subtle != pendingSubtle || pendingLines.Sum(l => l.Length + 1) + line.Length > BlockKitLimits.SectionText)) Flush();
        pendingSubtle = subtle;
        pendingLines.Add(line);
    }

    private static string Line(JsonObject element, string raw)
    {
        var line = BlockKitText.Escape(raw);
        if (BlockKitActions.Text(element, "weight") is "Bolder" or "bolder") line = BlockKitText.Bold(line);
        if (BlockKitActions.Text(element, "color") is "Attention" or "Warning" or "attention" or "warning") line = ":warning: " + line;
        return line;
    }

    private void Facts(JsonObject element)
    {
        Flush();
        var fields = (element["facts"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(f => BlockKitText.Mrkdwn(
                BlockKitText.Bold(BlockKitText.Escape(BlockKitActions.Text(f, "title") ?? "")) + "\n" + BlockKitText.Escape(BlockKitActions.Text(f, "value") ?? "—"),
                BlockKitLimits.FieldText))
            .ToList();
        foreach (var chunk in fields.Chunk(BlockKitLimits.SectionFields))
        {
            blocks.Add(new LaidBlock(new JsonObject { ["type"] = "section", ["fields"] = new JsonArray(chunk.ToArray<JsonNode>()) }, BlockRole.Content));
        }
    }

    /// <summary>Errors and warnings: every line of the container in one section, flagged.</summary>
    private void Warning(JsonObject container)
    {
        Flush();
        var texts = Descendants(container).Where(e => BlockKitActions.Text(e, "type") is "TextBlock" or "RichTextBlock").ToList();
        var lines = texts.Select(t => Line(t, PlainText(t))).Where(l => l.Length > 0).ToList();
        if (lines.Count > 0)
        {
            if (!lines[0].StartsWith(":warning:", StringComparison.Ordinal)) lines[0] = ":warning: " + lines[0];
            blocks.Add(new LaidBlock(new JsonObject { ["type"] = "section", ["text"] = BlockKitText.Mrkdwn(string.Join('\n', lines), BlockKitLimits.SectionText) }, BlockRole.Content));
        }

        foreach (var other in (container["items"] as JsonArray ?? []).OfType<JsonObject>().Where(e => BlockKitActions.Text(e, "type") is not ("TextBlock" or "RichTextBlock" or "Container")))
            Element(other);
    }

    /// <summary>A ColumnSet of text and exactly one action (a task with its button) as one section with the button beside it.</summary>
    private bool Row(JsonObject columnSet)
    {
        var parts = Descendants(columnSet).ToList();
        var actions = parts.Where(p => BlockKitActions.Text(p, "type") == "ActionSet")
            .SelectMany(p => (p["actions"] as JsonArray ?? []).OfType<JsonObject>()).ToList();
        var texts = parts.Where(p => BlockKitActions.Text(p, "type") == "TextBlock").ToList();
        var layout = parts.All(p => BlockKitActions.Text(p, "type") is "Column" or "TextBlock" or "ActionSet" or "Container");
        if (!layout || actions.Count != 1 || texts.Count == 0) return false;
        var button = BlockKitActions.Button(actions[0], []);
        if (button is null) return false;

        Flush();
        var text = string.Join('\n', texts.Select(t => Line(t, PlainText(t))).Where(l => l.Length > 0));
        blocks.Add(new LaidBlock(new JsonObject { ["type"] = "section", ["text"] = BlockKitText.Mrkdwn(text, BlockKitLimits.SectionText), ["accessory"] = button }, BlockRole.Content));
        return true;
    }

    private void Image(JsonObject image)
    {
        if (BlockKitActions.Text(image, "url") is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps) return;
        Flush();
        blocks.Add(new LaidBlock(new JsonObject
        {
            ["type"] = "image", ["image_url"] = url, ["alt_text"] = BlockKitText.Truncate(BlockKitActions.Text(image, "altText") ?? "image", 2000),
        }, BlockRole.Content));
    }

    private static IEnumerable<JsonObject> Descendants(JsonObject element)
    {
        foreach (var key in new[] { "items", "columns" })
        {
            foreach (var child in (element[key] as JsonArray ?? []).OfType<JsonObject>())
            {
                yield return child;
                foreach (var grandchild in Descendants(child)) yield return grandchild;
            }
        }
    }

    private static string PlainText(JsonObject element) => BlockKitActions.Text(element, "type") == "RichTextBlock"
        ? string.Concat((element["inlines"] as JsonArray ?? []).Select(i => i is JsonObject run ? BlockKitActions.Text(run, "text") : i?.ToString()))
        : BlockKitActions.Text(element, "text") ?? "";
}

internal enum BlockRole
{
    Header,
    Content,
    Input,
    Actions,
}

internal sealed record LaidBlock(JsonObject Block, BlockRole Role);
