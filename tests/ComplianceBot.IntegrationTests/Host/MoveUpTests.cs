using ComplianceBot.Core.Inbox;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Host.Commands;
using ComplianceBot.IntegrationTests.StandIns;
using ComplianceBot.Storage.AzureBlob;
using ComplianceBot.Storage.Cosmos;
using ComplianceBot.Storage.Embedded;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceBot.IntegrationTests.Host;

/// <summary>`move-up` end to end: a bot's embedded store and evidence folder copied into Cosmos DB and Blob Storage.</summary>
[Collection(AzureStandIns.Name)]
public sealed class MoveUpTests(CosmosServer cosmos, AzuriteServer azurite) : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly string database = "moved-" + Guid.NewGuid().ToString("N");
    private readonly string container = "evidence-" + Guid.NewGuid().ToString("N")[..12];

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Move_up_copies_everything_verifies_it_and_resumes_after_an_interruption()
    {
        var evidenceTexts = await SeedEmbeddedBotAsync();
        var source = new SqliteComplianceStore(Path.Combine(folder.Path, "compliancebot.db"));
        var target = new CosmosComplianceStore(cosmos.Client, CosmosServer.Settings(database));
        await target.InitializeAsync();

        // An earlier run that stopped part-way: some controls and one file are already there.
        await target.ImportAsync((await source.ListAsync<Control>()).Take(10).Select(c => c.Document));
        var files = new AzureBlobEvidenceStore(new BlobContainerClient(azurite.ConnectionString, container), TimeProvider.System);
        await files.InitializeAsync(create: true);
        var first = (await source.ListEvidenceForControlAsync("AC-01"))[0];
        await files.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(evidenceTexts[first.Sha256])), first.Sha256, new("text/plain", "AC-01", "olive@example.com"));

        var (code, output, errors) = await MoveUpAsync();
        Assert.True(code == 0, output + errors);
        Assert.Contains("Verified", output, StringComparison.Ordinal);

        // Counts per kind equal, and every file's content hashes to its record's SHA-256.
        Assert.Equal(await source.CountAsync<Control>(), await target.CountAsync<Control>());
        Assert.Equal(await source.CountAsync<Person>(), await target.CountAsync<Person>());
        Assert.Equal(await source.CountAsync<Attestation>(), await target.CountAsync<Attestation>());
        Assert.NotNull(await new CosmosInbox(cosmos.Client, CosmosServer.Settings(database)).FindAsync("teams:1"));
        Assert.Equal(await source.CountAsync<AuditEvent>(), await target.CountAsync<AuditEvent>());
        var moved = 0;
        await foreach (var evidence in source.StreamEvidenceAsync())
        {
            await using var content = (await files.OpenReadAsync(evidence.StorageKey))!;
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy);
            Assert.Equal(evidence.Sha256, Convert.ToHexStringLower(SHA256.HashData(copy.ToArray())));
            moved++;
        }

        Assert.Equal(4, moved);
        Assert.Equal(4, await target.CountAsync<Evidence>());
        Assert.Contains("evidence files: 3 distinct, 2 copied now, 3 verified by SHA-256", output, StringComparison.Ordinal);

        // Running it again copies nothing and still verifies. (The embedded store serves one process at a time.)
        var controls = await source.CountAsync<Control>();
        source.Dispose();
        (code, output, errors) = await MoveUpAsync();
        Assert.True(code == 0, output + errors);
        Assert.Contains($"control: {controls} in source, 0 copied now, {controls} in target, content matches", output, StringComparison.Ordinal);
        Assert.Contains("evidence files: 3 distinct, 0 copied now, 3 verified by SHA-256", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_up_refuses_a_target_that_already_holds_other_records()
    {
        await SeedEmbeddedBotAsync();
        var target = new CosmosComplianceStore(cosmos.Client, CosmosServer.Settings(database));
        await target.InitializeAsync();
        var source = new SqliteComplianceStore(Path.Combine(folder.Path, "compliancebot.db"));
        var control = (await source.ListAsync<Control>())[0].Document;
        await target.CreateAsync(control with { Name = "Changed in the cloud" });

        var (code, _, errors) = await MoveUpAsync();
        Assert.Equal(1, code);
        Assert.Contains("control: source and target differ", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_up_needs_the_cloud_stores_configured()
    {
        var (code, _, errors) = await RunAsync(["--contentRoot", folder.Path]);
        Assert.Equal(2, code);
        Assert.Contains("Storage__Provider=Cosmos", errors, StringComparison.Ordinal);
    }

    /// <summary>A bot that ran on the embedded store: starter library, a person, four evidence records (two of the
    /// same file), an answer and an inbox item.</summary>
    private async Task<Dictionary<string, string>> SeedEmbeddedBotAsync()
    {
        using var bot = new ComplianceBotFactory(folder.Path);
        using (bot.CreateClient())
        {
        }

        var store = bot.Services.GetRequiredService<IComplianceStore>();
        await store.UpsertAsync(new Person { Id = "olive@example.com", Email = "olive@example.com", DisplayName = "Olive" });
        var control = (await store.FindAsync<Control>("AC-01"))!;
        await store.ReplaceAsync(control.Document with { OwnerId = "olive@example.com" }, control.ETag);
        var texts = new Dictionary<string, string>();
        foreach (var text in new[] { "access review Q3", "access review Q4", "access review Q4", "joiner-mover-leaver log" })
        {
            await using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
            var filed = await bot.Services.GetRequiredService<EvidenceLocker>().FileAsync(new EvidenceUpload(
                content, "review.txt", "text/plain", null, [text.StartsWith("joiner", StringComparison.Ordinal) ? "AC-02" : "AC-01"],
                new DateOnly(2026, 11, 1), null, "olive@example.com", null));
            texts[filed.Sha256] = text;
        }

        await bot.Services.GetRequiredService<AttestationBook>().AnswerAsync(
            new AttestationAnswer("AC-01", "olive@example.com", AttestationResult.Operating, null, [], Occurrences: 5));
        await bot.Services.GetRequiredService<IInbox>().AcceptAsync(new InboxItem { Id = "teams:1", Platform = "teams", Payload = "{}", ReceivedAt = bot.Time.GetUtcNow() });
        return texts;
    }

    private Task<(int Code, string Output, string Errors)> MoveUpAsync() => RunAsync(
    [
        "--contentRoot", folder.Path,
        "--Storage:Provider", "Cosmos", "--Storage:EmbeddedPath", "compliancebot.db",
        "--Cosmos:Endpoint", cosmos.Endpoint.ToString(), "--Cosmos:Key", cosmos.Key, "--Cosmos:Database", database,
        "--Cosmos:ConnectionMode", "Gateway",
        "--Evidence:Provider", "AzureBlob", "--Evidence:LocalPath", "evidence",
        "--Evidence:ConnectionString", azurite.ConnectionString, "--Evidence:Container", container,
    ]);

    private static async Task<(int Code, string Output, string Errors)> RunAsync(string[] args)
    {
        var run = await HostCommand.RunAsync([MoveUpCommand.Name, .. args]);
        Assert.Null(run.BotSettings);
        return (run.ExitCode, run.Output, run.Errors);
    }
}
