using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>A file someone sent, waiting for them to say which control it is evidence for.</summary>
public sealed record PendingUpload : IDocument
{
    public static string Kind => "pending-upload";

    public required string Id { get; init; }

    public required string PersonId { get; init; }

    public required ChatFile File { get; init; }

    public string? SourceLink { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Set once the file was filed: the evidence id. A second submission then answers with it.</summary>
    public string? FiledAs { get; init; }
}
