using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>Where the directory sync of one platform continues next time (a Graph delta link; none for Slack).</summary>
public sealed record DirectoryCursor : IDocument
{
    public static string Kind => "directory-cursor";

    public required string Id { get; init; }

    public string? Cursor { get; init; }

    public required DateTimeOffset SyncedAt { get; init; }

    public static string IdFor(string platform) => platform;
}
