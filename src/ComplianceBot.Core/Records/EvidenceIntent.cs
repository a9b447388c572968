using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>A person said they are about to send evidence for a control (from a reminder or a task list).</summary>
public sealed record EvidenceIntent : IDocument
{
    public static string Kind => "evidence-intent";

    /// <summary>The person id.</summary>
    public required string Id { get; init; }

    public required string ControlId { get; init; }

    public required DateTimeOffset At { get; init; }
}
