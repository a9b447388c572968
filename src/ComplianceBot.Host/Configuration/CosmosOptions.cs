namespace ComplianceBot.Host.Configuration;

/// <summary>Section "Cosmos": the Azure Cosmos DB account used when Storage__Provider is "Cosmos".</summary>
public sealed class CosmosOptions
{
    public const string Section = "Cosmos";

    /// <summary>The account endpoint, e.g. https://compliancebot.documents.azure.com:443/.</summary>
    public Uri? Endpoint { get; set; }

    public string Database { get; set; } = "compliancebot";

    /// <summary>The account key (a secret: environment or Key Vault only). Without it, Entra ID through
    /// DefaultAzureCredential (managed identity in Azure; AZURE_CLIENT_ID picks a user-assigned one).</summary>
    public string? Key { get; set; }

    /// <summary>Create the database and containers at start when missing.</summary>
    public bool CreateContainers { get; set; } = true;

    /// <summary>"Direct" (TCP to the replicas, the default) or "Gateway" (HTTPS only).</summary>
    public string ConnectionMode { get; set; } = "Direct";

    /// <summary>Calls slower than this are logged with their diagnostics.</summary>
    public int SlowCallMilliseconds { get; set; } = 500;

    /// <summary>Our retries of 429/503 after the SDK's own, within <see cref="RetryBudgetSeconds"/>.</summary>
    public int MaxRetries { get; set; } = 5;

    public int RetryBudgetSeconds { get; set; } = 30;

    /// <summary>How long the start-up check waits for the account before the host refuses to start.</summary>
    public int StartupTimeoutSeconds { get; set; } = 60;
}
