namespace ComplianceBot.Core.Storage;

/// <summary>A record kept in the store. <see cref="Kind"/> names its collection; ids are unique within a kind.</summary>
public interface IDocument
{
    static abstract string Kind { get; }

    string Id { get; }
}
