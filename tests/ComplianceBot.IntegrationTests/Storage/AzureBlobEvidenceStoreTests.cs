using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using ComplianceBot.Core.Filing;
using ComplianceBot.IntegrationTests.StandIns;
using ComplianceBot.Storage.AzureBlob;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceBot.IntegrationTests.Storage;

/// <summary>The evidence content contract against Azurite, and the read-only links Blob Storage can give out.</summary>
[Collection(AzureStandIns.Name)]
public sealed class AzureBlobEvidenceStoreTests(AzuriteServer azurite) : EvidenceContentContract
{
    private readonly string containerName = "evidence-" + Guid.NewGuid().ToString("N")[..12];

    private BlobContainerClient Container => new(azurite.ConnectionString, containerName);

    protected override async Task<IEvidenceContentStore> CreateStoreAsync() => await NewStoreAsync(TimeProvider.System);

    private async Task<AzureBlobEvidenceStore> NewStoreAsync(TimeProvider time)
    {
        var store = new AzureBlobEvidenceStore(Container, time);
        await store.InitializeAsync(create: true);
        return store;
    }

    protected override async Task TamperAsync(string storageKey, byte[] content) =>
        await Container.GetBlobClient(storageKey).UploadAsync(new BinaryData(content), overwrite: true);

    private static async Task<string> PutAsync(IEvidenceContentStore store, string text, EvidenceContentInfo info)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return await store.PutAsync(new MemoryStream(bytes), Convert.ToHexStringLower(SHA256.HashData(bytes)), info);
    }

    [Fact]
    public async Task Stored_blob_carries_its_content_type_control_and_uploader()
    {
        var store = await CreateStoreAsync();
        var key = await PutAsync(store, "quarterly access review", new EvidenceContentInfo("application/pdf", "AC-01 AC-02", "zoë@example.com"));
        var properties = (await Container.GetBlobClient(key).GetPropertiesAsync()).Value;
        Assert.Equal("application/pdf", properties.ContentType);
        Assert.Equal("AC-01 AC-02", Uri.UnescapeDataString(properties.Metadata["controls"]));
        Assert.Equal("zoë@example.com", Uri.UnescapeDataString(properties.Metadata["uploadedby"]));
        Assert.Equal(ContentAddress.Sha256Of(key), properties.Metadata["sha256"]);
    }

    [Fact]
    public async Task Large_content_is_stored_in_blocks_and_reads_back()
    {
        var store = await CreateStoreAsync();
        var bytes = new byte[9 * 1024 * 1024 + 17];
        new Random(7).NextBytes(bytes);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var key = await store.PutAsync(new MemoryStream(bytes), sha, new EvidenceContentInfo("application/zip", "AC-01", "olive@example.com"));
        await using var read = (await store.OpenReadAsync(key))!;
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Read_link_downloads_the_content_without_credentials_and_allows_nothing_else()
    {
        var store = await NewStoreAsync(TimeProvider.System);
        var key = await PutAsync(store, "policy sign-off sheet", new EvidenceContentInfo("text/plain", "HR-03", "olive@example.com"));
        var link = (await store.CreateReadLinkAsync(key, "sign-off.txt", TimeSpan.FromMinutes(5)))!;

        using var http = new HttpClient();
        using var download = await http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("policy sign-off sheet", await download.Content.ReadAsStringAsync());
        Assert.Contains("sign-off.txt", download.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);

        using var write = new HttpRequestMessage(HttpMethod.Put, link) { Content = new StringContent("forged") };
        write.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var overwrite = await http.SendAsync(write);
        Assert.Equal(HttpStatusCode.Forbidden, overwrite.StatusCode);
        Assert.Null(await store.CreateReadLinkAsync(ContentAddress.KeyFor(new string('c', 64)), "x.txt", TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Read_link_stops_working_when_it_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        var store = await NewStoreAsync(clock);
        var key = await PutAsync(store, "expired link", new EvidenceContentInfo("text/plain", "HR-03", "olive@example.com"));
        var link = (await store.CreateReadLinkAsync(key, "old.txt", TimeSpan.FromMinutes(10)))!;

        using var http = new HttpClient();
        using var download = await http.GetAsync(link);
        Assert.Equal(HttpStatusCode.Forbidden, download.StatusCode);
    }
}
