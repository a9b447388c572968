using System.Security.Cryptography;
using System.Text;
using ComplianceBot.Core.Filing;

namespace ComplianceBot.IntegrationTests.Storage;

/// <summary>What every evidence content store must do: write-once, addressed and checked by SHA-256.</summary>
public abstract class EvidenceContentContract
{
    private static readonly EvidenceContentInfo Info = new("application/pdf", "AC-01", "olive@example.com");

    protected abstract Task<IEvidenceContentStore> CreateStoreAsync();

    /// <summary>Overwrites stored bytes behind the store's back, as an attacker with storage access could.</summary>
    protected abstract Task TamperAsync(string storageKey, byte[] content);

    private static (byte[] Bytes, string Sha256) Content(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task Stored_content_reads_back_under_its_hash_key()
    {
        var store = await CreateStoreAsync();
        var (bytes, sha) = Content("firewall rule review, November");
        var key = await store.PutAsync(new MemoryStream(bytes), sha, Info);
        Assert.Equal(ContentAddress.KeyFor(sha), key);
        Assert.True(await store.ExistsAsync(key));
        await using var read = (await store.OpenReadAsync(key))!;
        Assert.Equal(bytes, await ReadAllAsync(read));
    }

    [Fact]
    public async Task Content_that_does_not_match_its_hash_is_refused()
    {
        var store = await CreateStoreAsync();
        var (_, sha) = Content("what was promised");
        await Assert.ThrowsAsync<EvidenceIntegrityException>(() =>
            store.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes("something else")), sha, Info));
        Assert.False(await store.ExistsAsync(ContentAddress.KeyFor(sha)));
    }

    [Fact]
    public async Task Putting_the_same_content_twice_keeps_one_copy()
    {
        var store = await CreateStoreAsync();
        var (bytes, sha) = Content("same");
        var first = await store.PutAsync(new MemoryStream(bytes), sha, Info);
        var second = await store.PutAsync(new MemoryStream(bytes), sha, Info);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Altered_content_is_detected_on_read()
    {
        var store = await CreateStoreAsync();
        var (bytes, sha) = Content("original");
        var key = await store.PutAsync(new MemoryStream(bytes), sha, Info);
        await TamperAsync(key, Encoding.UTF8.GetBytes("forged"));
        await using var read = (await store.OpenReadAsync(key))!;
        await Assert.ThrowsAsync<EvidenceIntegrityException>(() => ReadAllAsync(read));
    }

    [Fact]
    public async Task Unknown_or_malformed_keys_read_as_nothing()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.OpenReadAsync(ContentAddress.KeyFor(new string('b', 64))));
        Assert.Null(await store.OpenReadAsync("../../etc/passwd"));
        Assert.False(await store.ExistsAsync("sha256/zz/nothing"));
    }
}
