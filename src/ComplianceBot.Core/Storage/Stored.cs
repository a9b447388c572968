namespace ComplianceBot.Core.Storage;

/// <summary>A document as read from the store, with the ETag a later replace must present.</summary>
public sealed record Stored<T>(T Document, string ETag)
    where T : class, IDocument;
