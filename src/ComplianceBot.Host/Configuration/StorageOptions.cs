namespace ComplianceBot.Host.Configuration;

/// <summary>Section "Storage": where records live.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>"Embedded" (SQLite, the default) or "Cosmos" (Azure Cosmos DB, configured in section "Cosmos").</summary>
    public string Provider { get; set; } = "Embedded";

    /// <summary>The SQLite file; relative paths resolve against the content root.</summary>
    public string EmbeddedPath { get; set; } = "data/compliancebot.db";
}
