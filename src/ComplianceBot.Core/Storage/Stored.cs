namespace ComplianceBot.Core.Storage;

/// <summary>A document (or inbox item) as read, with the ETag a later change must present.</summary>
public sealed record Stored<T>(T Document, string ETag)
    where T : class;
