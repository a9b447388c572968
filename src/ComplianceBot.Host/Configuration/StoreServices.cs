using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Storage;
using ComplianceBot.Host.Startup;
using ComplianceBot.Storage.AzureBlob;
using ComplianceBot.Storage.Cosmos;
using ComplianceBot.Storage.Embedded;
using ComplianceBot.Storage.LocalFolder;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Configuration;

/// <summary>The record store and the evidence content store, as configuration picks them.</summary>
internal static class StoreServices
{
    public static IServiceCollection AddStores(this IServiceCollection services)
    {
        // Entra ID for whichever Azure service is configured without a key (managed identity in Azure).
        services.AddSingleton<TokenCredential>(_ => new DefaultAzureCredential());

        services.AddSingleton(sp => Settings(sp.GetRequiredService<IOptions<CosmosOptions>>().Value));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CosmosOptions>>().Value;
            return CosmosClients.Create(
                options.Endpoint!, options.Key, string.IsNullOrEmpty(options.Key) ? sp.GetRequiredService<TokenCredential>() : null,
                sp.GetRequiredService<CosmosStoreSettings>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>());
        });
        services.AddSingleton(sp => new CosmosComplianceStore(sp.GetRequiredService<CosmosClient>(), sp.GetRequiredService<CosmosStoreSettings>()));
        services.AddSingleton<IComplianceStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return StoreProviders.IsCosmos(options)
                ? sp.GetRequiredService<CosmosComplianceStore>()
                : new SqliteComplianceStore(ResolvePath(sp, options.EmbeddedPath));
        });

        // The inbox of accepted chat events: beside the records, but a seam of its own (see IInbox).
        services.AddSingleton<IInbox>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return StoreProviders.IsCosmos(options)
                ? new CosmosInbox(sp.GetRequiredService<CosmosClient>(), sp.GetRequiredService<CosmosStoreSettings>())
                : new EmbeddedInbox(ResolvePath(sp, options.EmbeddedPath) + ".inbox", sp.GetRequiredService<TimeProvider>());
        });

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EvidenceOptions>>().Value;
            var service = string.IsNullOrEmpty(options.ConnectionString)
                ? new BlobServiceClient(options.BlobEndpoint, sp.GetRequiredService<TokenCredential>())
                : new BlobServiceClient(options.ConnectionString);
            return new AzureBlobEvidenceStore(service.GetBlobContainerClient(options.Container), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IEvidenceContentStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EvidenceOptions>>().Value;
            return StoreProviders.IsAzureBlob(options)
                ? sp.GetRequiredService<AzureBlobEvidenceStore>()
                : new LocalFolderEvidenceStore(ResolvePath(sp, options.LocalPath));
        });

        services.AddHostedService<StoreStartup>();
        return services;
    }

    public static CosmosStoreSettings Settings(CosmosOptions options) => new()
    {
        Database = options.Database,
        CreateContainers = options.CreateContainers,
        GatewayMode = string.Equals(options.ConnectionMode, "Gateway", StringComparison.OrdinalIgnoreCase),
        SlowCallThreshold = TimeSpan.FromMilliseconds(options.SlowCallMilliseconds),
        MaxRetries = options.MaxRetries,
        RetryBudget = TimeSpan.FromSeconds(options.RetryBudgetSeconds),
    };

    private static string ResolvePath(IServiceProvider services, string path) =>
        Path.IsPathRooted(path) ? path : Path.Combine(services.GetRequiredService<IHostEnvironment>().ContentRootPath, path);
}

internal static class StoreProviders
{
    public static bool IsEmbedded(StorageOptions options) => string.Equals(options.Provider, "Embedded", StringComparison.OrdinalIgnoreCase);

    public static bool IsCosmos(StorageOptions options) => string.Equals(options.Provider, "Cosmos", StringComparison.OrdinalIgnoreCase);

    public static bool IsLocalFolder(EvidenceOptions options) => string.Equals(options.Provider, "LocalFolder", StringComparison.OrdinalIgnoreCase);

    public static bool IsAzureBlob(EvidenceOptions options) => string.Equals(options.Provider, "AzureBlob", StringComparison.OrdinalIgnoreCase);

    /// <summary>https, or plain http to this machine only (local stand-ins).</summary>
    public static bool IsSecureOrLoopback(Uri endpoint) =>
        endpoint.IsAbsoluteUri && (endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback));
}
