using Azure.Core;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace ComplianceBot.Storage.Cosmos;

/// <summary>The one way the store's <see cref="CosmosClient"/> is made: our serializer, retry bound and logging.</summary>
public static class CosmosClients
{
    /// <summary>A client authenticating with the account key, or with <paramref name="credential"/> (Entra ID) when no key is given.</summary>
    public static CosmosClient Create(
        Uri endpoint, string? key, TokenCredential? credential, CosmosStoreSettings settings, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        var options = new CosmosClientOptions
        {
            ApplicationName = "ComplianceBot",
            ConnectionMode = settings.GatewayMode ? ConnectionMode.Gateway : ConnectionMode.Direct,
            Serializer = new CosmosJsonSerializer(),

            // The SDK waits out throttling itself first; CosmosCallPolicy then adds its own bounded rounds.
            MaxRetryAttemptsOnRateLimitedRequests = 9,
            MaxRetryWaitTimeOnRateLimitedRequests = TimeSpan.FromSeconds(15),
            RequestTimeout = TimeSpan.FromSeconds(10),
            CustomHandlers = { new CosmosCallPolicy(settings, time, loggers.CreateLogger<CosmosCallPolicy>()) },
        };
        if (!string.IsNullOrEmpty(key)) return new CosmosClient(endpoint.ToString(), key, options);
        ArgumentNullException.ThrowIfNull(credential);
        return new CosmosClient(endpoint.ToString(), credential, options);
    }
}
