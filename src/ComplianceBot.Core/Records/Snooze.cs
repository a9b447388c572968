using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>A person asked to be reminded of one item later. One document per item ("{topic}:{subject}:{period}").</summary>
public sealed record Snooze : IDocument
{
    public static string Kind => "snooze";

    public required string Id { get; init; }

    public required string PersonId { get; init; }

    /// <summary>No reminder for the item before this instant.</summary>
    public required DateTimeOffset Until { get; init; }

    /// <summary>How many snoozes were used on the item (the budget caps it).</summary>
    public required int Count { get; init; }

    public required DateTimeOffset At { get; init; }
}
