using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace ComplianceBot.IntegrationTests.StandIns;

/// <summary>
/// Azurite's Blob service (in memory) on a free loopback port, with an account and key made up for this run.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    private const string Account = "compliancebot";
    private readonly TempFolder workspace = new();
    private readonly string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
    private NodeServer? server;

    public string ConnectionString { get; private set; } = "";

    public Uri BlobEndpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BlobEndpoint = new Uri($"http://127.0.0.1:{port}/{Account}");
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={key};BlobEndpoint={BlobEndpoint};";

        // Without --skipApiVersionCheck every call fails: the SDK's API version is newer than Azurite's.
        server = await NodeServer.StartAsync(
            "azurite-blob.js",
            ["--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--inMemoryPersistence",
             "--disableTelemetry", "--skipApiVersionCheck"],
            new Dictionary<string, string> { ["AZURITE_ACCOUNTS"] = $"{Account}:{key}" },
            line => line.Contains("successfully listens", StringComparison.Ordinal), workspace.Path);
    }

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
        workspace.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
