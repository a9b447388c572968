using System.Net;
using Azure;
using Azure.Identity;
using ComplianceBot.Host.Configuration;
using ComplianceBot.Storage.AzureBlob;
using ComplianceBot.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Startup;

/// <summary>
/// Before anything reads or writes: checks that a configured Cosmos DB account and Blob Storage account answer
/// and hold what the stores need (creating it where allowed). The host refuses to start otherwise, with an
/// error naming the endpoint and the setting to look at.
/// </summary>
internal sealed partial class StoreStartup(
    IServiceProvider services, IOptions<StorageOptions> storage, IOptions<CosmosOptions> cosmos,
    IOptions<EvidenceOptions> evidence, ILogger<StoreStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(cosmos.Value.StartupTimeoutSeconds);
        if (StoreProviders.IsCosmos(storage.Value))
        {
            var options = cosmos.Value;
            try
            {
                await services.GetRequiredService<CosmosComplianceStore>().InitializeAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
            }
            catch (Exception e) when (CosmosProblem(e, options, timeout) is { } problem)
            {
                throw new InvalidOperationException(problem, e);
            }

            var endpoint = options.Endpoint!.ToString();
            LogReady("Cosmos DB", endpoint, options.Database);
        }

        if (StoreProviders.IsAzureBlob(evidence.Value))
        {
            var options = evidence.Value;
            var where = options.BlobEndpoint?.ToString() ?? "the account in Evidence__ConnectionString";
            try
            {
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                bounded.CancelAfter(timeout);
                await services.GetRequiredService<AzureBlobEvidenceStore>().InitializeAsync(options.CreateContainer, bounded.Token);
            }
            catch (Exception e) when (BlobProblem(e, options, where, timeout) is { } problem)
            {
                throw new InvalidOperationException(problem, e);
            }

            LogReady("Blob Storage", where, options.Container);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string? CosmosProblem(Exception e, CosmosOptions options, TimeSpan timeout)
    {
        var at = $"the Cosmos DB account at {options.Endpoint} (Cosmos__Endpoint)";
        var credential = string.IsNullOrEmpty(options.Key)
            ? "the host's managed identity needs a Cosmos DB data-plane role (or set Cosmos__Key)"
            : "check Cosmos__Key";
        return e switch
        {
            CosmosException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } c =>
                $"Startup check failed: {at} refused the credentials ({(int)c.StatusCode}); {credential}.",
            CosmosException { StatusCode: HttpStatusCode.NotFound } =>
                $"Startup check failed: Cosmos__Database '{options.Database}' or its containers '{CosmosLayout.Records}' and '{CosmosLayout.Inbox}' do not exist in {at}, and Cosmos__CreateContainers is false; create them (deploy/main.bicep does) or allow creating them.",
            AuthenticationFailedException or CredentialUnavailableException =>
                $"Startup check failed: no Entra ID token for {at}; {credential}. ({e.Message})",
            TimeoutException or OperationCanceledException =>
                $"Startup check failed: {at} did not answer within {timeout.TotalSeconds:0} s (Cosmos__StartupTimeoutSeconds).",
            HttpRequestException or CosmosException =>
                $"Startup check failed: cannot use {at}: {e.Message}",
            _ => null,
        };
    }

    private static string? BlobProblem(Exception e, EvidenceOptions options, string where, TimeSpan timeout)
    {
        var setting = options.BlobEndpoint is null ? "Evidence__ConnectionString" : "Evidence__BlobEndpoint";
        return e switch
        {
            RequestFailedException { Status: 401 or 403 } r =>
                $"Startup check failed: Blob Storage at {where} refused the credentials ({r.Status}); check {setting}{(options.BlobEndpoint is null ? "" : " and the managed identity's Storage Blob Data Contributor role")}.",
            RequestFailedException { Status: 404 } =>
                $"Startup check failed: the container '{options.Container}' (Evidence__Container) does not exist at {where}, and Evidence__CreateContainer is false.",
            AuthenticationFailedException or CredentialUnavailableException =>
                $"Startup check failed: no Entra ID token for Blob Storage at {where} ({setting}): {e.Message}",
            OperationCanceledException =>
                $"Startup check failed: Blob Storage at {where} ({setting}) did not answer within {timeout.TotalSeconds:0} s.",
            RequestFailedException or HttpRequestException or AggregateException =>
                $"Startup check failed: cannot use Blob Storage at {where} ({setting}): {e.Message}",
            _ => null,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} ready at {Endpoint} ({Name})")]
    private partial void LogReady(string service, string endpoint, string name);
}
