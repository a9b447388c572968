namespace ComplianceBot.Storage.Cosmos;

/// <summary>How the store talks to its account, beyond the endpoint and credentials the client carries.</summary>
public sealed record CosmosStoreSettings
{
    public required string Database { get; init; }

    /// <summary>Create the database and containers at start when missing; off for accounts where the app may not.</summary>
    public bool CreateContainers { get; init; } = true;

    /// <summary>All traffic through the account's HTTPS gateway rather than direct TCP to the replicas (for
    /// networks that allow only port 443, and for local stand-ins).</summary>
    public bool GatewayMode { get; init; }

    /// <summary>Calls slower than this are logged with the SDK's diagnostics.</summary>
    public TimeSpan SlowCallThreshold { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>After the SDK's own retries, 429 and 503 answers are retried this many more times…</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>…as long as the whole call stays within this budget.</summary>
    public TimeSpan RetryBudget { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Documents created at once during an import.</summary>
    public int ImportParallelism { get; init; } = 16;
}
