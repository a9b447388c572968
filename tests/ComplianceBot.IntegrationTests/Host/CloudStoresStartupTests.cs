using System.Net;
using System.Net.Sockets;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Library;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Host.Configuration;
using ComplianceBot.IntegrationTests.StandIns;
using ComplianceBot.Storage.AzureBlob;
using ComplianceBot.Storage.Cosmos;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplianceBot.IntegrationTests.Host;

/// <summary>The host on Cosmos DB and Blob Storage (their stand-ins), and how it refuses to start when they are unusable.</summary>
[Collection(AzureStandIns.Name)]
public sealed class CloudStoresStartupTests(CosmosServer cosmos, AzuriteServer azurite) : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private Dictionary<string, string?> CloudSettings() => new()
    {
        ["Storage:Provider"] = "Cosmos",
        ["Cosmos:Endpoint"] = cosmos.Endpoint.ToString(),
        ["Cosmos:Key"] = cosmos.Key,
        ["Cosmos:Database"] = "host-" + Guid.NewGuid().ToString("N"),
        ["Cosmos:ConnectionMode"] = "Gateway",
        ["Evidence:Provider"] = "AzureBlob",
        ["Evidence:ConnectionString"] = azurite.ConnectionString,
        ["Evidence:Container"] = "evidence-" + Guid.NewGuid().ToString("N")[..12],
    };

    [Fact]
    public async Task Host_on_cosmos_and_blob_storage_is_ready_and_files_evidence_there()
    {
        using var factory = new ComplianceBotFactory(folder.Path, CloudSettings());
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);

        var store = factory.Services.GetRequiredService<IComplianceStore>();
        Assert.IsType<CosmosComplianceStore>(store);
        Assert.Equal(StarterLibrary.Controls.Count, await store.CountAsync<Control>());

        await using var content = new MemoryStream("firewall review"u8.ToArray());
        var evidence = await factory.Services.GetRequiredService<EvidenceLocker>().FileAsync(new EvidenceUpload(
            content, "review.txt", "text/plain", null, ["AC-01"], new DateOnly(2026, 11, 1), null, "olive@example.com", null));
        var blobs = factory.Services.GetRequiredService<IEvidenceContentStore>();
        Assert.IsType<AzureBlobEvidenceStore>(blobs);
        Assert.True(await blobs.ExistsAsync(evidence.StorageKey));
        Assert.Equal(evidence.Id, Assert.Single(await store.ListEvidenceForControlAsync("AC-01")).Id);

        // An auditor's download is a redirect to a short-lived read-only link into Blob Storage (which checks
        // the link's times against its own clock, so the host's clock must agree with it here).
        factory.Time.SetUtcNow(DateTimeOffset.UtcNow);
        using var auditor = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        auditor.DefaultRequestHeaders.Authorization = new("Bearer", ComplianceBotFactory.ApiKey);
        using var redirect = await auditor.GetAsync(new Uri($"/api/evidence/{evidence.Id}/content", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var link = redirect.Headers.Location!;
        Assert.Contains("sp=r", link.Query, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Equal("firewall review", await http.GetStringAsync(link));
    }

    [Fact]
    public async Task Unreachable_cosmos_account_stops_the_host_naming_the_endpoint()
    {
        var settings = CloudSettings();
        var closed = ClosedPort();
        settings["Cosmos:Endpoint"] = $"http://127.0.0.1:{closed}/";
        settings["Cosmos:StartupTimeoutSeconds"] = "10";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(settings));
        Assert.Contains("Cosmos__Endpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{closed}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_database_when_creating_is_off_stops_the_host_naming_the_setting()
    {
        var settings = CloudSettings();
        settings["Cosmos:CreateContainers"] = "false";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(settings));
        Assert.Contains("Cosmos__Database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_blob_container_when_creating_is_off_stops_the_host_naming_the_setting()
    {
        var settings = CloudSettings();
        settings["Evidence:CreateContainer"] = "false";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(settings));
        Assert.Contains("Evidence__Container", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cosmos:Endpoint", null, "Cosmos__Endpoint")]
    [InlineData("Cosmos:Endpoint", "http://cosmos.example.com/", "Cosmos__Endpoint")]
    [InlineData("Cosmos:Key", "not base64!", "Cosmos__Key")]
    [InlineData("Cosmos:ConnectionMode", "Carrier pigeon", "Cosmos__ConnectionMode")]
    [InlineData("Evidence:ConnectionString", null, "Evidence__ConnectionString")]
    [InlineData("Evidence:Container", "Evidence_Files", "Evidence__Container")]
    public async Task Invalid_cloud_settings_are_refused_naming_the_setting(string key, string? value, string named)
    {
        var settings = CloudSettings();
        settings[key] = value;
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(settings));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private Task StartAsync(Dictionary<string, string?> settings) => PartialHost.StartAsync(folder.Path, settings, b => b.AddComplianceCore());

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
