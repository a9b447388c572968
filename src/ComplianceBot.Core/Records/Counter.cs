using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>A named sequence (risk numbers), advanced with optimistic concurrency.</summary>
public sealed record Counter : IDocument
{
    public static string Kind => "counter";

    public required string Id { get; init; }

    public required long Value { get; init; }
}
