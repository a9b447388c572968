namespace ComplianceBot.Channels.Slack;

/// <summary>Block Kit's documented limits (docs.slack.dev block reference and @slack/types); the renderer keeps within them.</summary>
public static class BlockKitLimits
{
    public const int MessageBlocks = 50;
    public const int ViewBlocks = 100;
    public const int SectionText = 3000;
    public const int SectionFields = 10;
    public const int FieldText = 2000;
    public const int HeaderText = 150;
    public const int ButtonText = 75;
    public const int ButtonValue = 2000;
    public const int ButtonUrl = 3000;
    public const int ActionsElements = 25;
    public const int OptionText = 75;
    public const int Options = 100;
    public const int ExpandedOptions = 10;
    public const int LabelText = 2000;
    public const int PlaceholderText = 150;
    public const int InputMaxLength = 3000;
    public const int ViewTitle = 24;
    public const int PrivateMetadata = 3000;
    public const int Id = 255;
}
