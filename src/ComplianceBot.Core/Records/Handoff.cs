using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>
/// A person said a reminded item is not theirs ("Not mine"), with a reason, and the compliance team was told.
/// Reminders of the item stop for that person; a new owner is reminded as usual. Id: the item key.
/// </summary>
public sealed record Handoff : IDocument
{
    public static string Kind => "handoff";

    public required string Id { get; init; }

    public required string PersonId { get; init; }

    public required string Reason { get; init; }

    public required DateTimeOffset At { get; init; }
}
