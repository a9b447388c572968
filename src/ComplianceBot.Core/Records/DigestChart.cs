using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>
/// A digest's chart kept for Slack, which fetches images from a public URL. The id is random and unguessable:
/// the link in the posted digest is the only way to it.
/// </summary>
public sealed record DigestChart : IDocument
{
    public static string Kind => "digest-chart";

    public required string Id { get; init; }

    public required byte[] Png { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
