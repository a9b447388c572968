namespace ComplianceBot.Core.Storage;

/// <summary>The document changed since it was read (ETag mismatch): read it again and retry, or report.</summary>
public sealed class ConcurrencyConflictException(string kind, string id)
    : Exception($"The {kind} '{id}' was changed by someone else; read it again and retry.")
{
    public string Kind { get; } = kind;

    public string DocumentId { get; } = id;
}

/// <summary>A create found a document with the same id already there.</summary>
public sealed class DocumentExistsException(string kind, string id)
    : Exception($"A {kind} with id '{id}' already exists.")
{
    public string Kind { get; } = kind;

    public string DocumentId { get; } = id;
}

/// <summary>A replace named a document that does not exist.</summary>
public sealed class DocumentNotFoundException(string kind, string id)
    : Exception($"No {kind} with id '{id}' exists.")
{
    public string Kind { get; } = kind;

    public string DocumentId { get; } = id;
}
