using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>Where to reach a person on one platform without them writing first (reminders, notices).</summary>
public sealed record ConversationReference : IDocument
{
    public static string Kind => "conversation-reference";

    /// <summary>"{platform}:{personId}".</summary>
    public required string Id { get; init; }

    public required string PersonId { get; init; }

    public required ConversationAddress Address { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public static string IdFor(string platform, string personId) => $"{platform}:{personId}";
}
