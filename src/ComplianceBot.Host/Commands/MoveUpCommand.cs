using System.CommandLine;
using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Host.Configuration;
using ComplianceBot.Host.Startup;
using ComplianceBot.Storage.AzureBlob;
using ComplianceBot.Storage.Cosmos;
using ComplianceBot.Storage.Embedded;
using ComplianceBot.Storage.LocalFolder;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Commands;

/// <summary>
/// `move-up`: copies the embedded store (Storage__EmbeddedPath) and the local evidence folder
/// (Evidence__LocalPath) into Cosmos DB and Blob Storage, configured as the host will run with them
/// (Storage__Provider=Cosmos, Evidence__Provider=AzureBlob and their settings), then verifies counts, content
/// digests, file hashes and the audit chain. Stop the bot first; run again to resume after an interruption.
/// </summary>
internal static class MoveUpCommand
{
    public const string Name = "move-up";

    public static Command Create()
    {
        var settings = HostSettings.Create();
        var command = new Command(Name,
            "Copies the embedded store and the local evidence folder into Cosmos DB and Blob Storage, then verifies them. " +
            "Give the target as the bot will run with it (Storage__Provider=Cosmos, Evidence__Provider=AzureBlob and their settings); " +
            "the source is read from Storage__EmbeddedPath and Evidence__LocalPath. Stop the bot first; run again to resume.")
        {
            settings,
        };
        command.SetAction(result => RunAsync(result.GetValue(settings) ?? [], result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    private static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddComplianceCore();
        await using var app = builder.Build();
        var services = app.Services;

        StorageOptions storage;
        EvidenceOptions evidence;
        try
        {
            storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            evidence = services.GetRequiredService<IOptions<EvidenceOptions>>().Value;
            _ = services.GetRequiredService<IOptions<CosmosOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            await errors.WriteLineAsync($"{Name}: {e.Message}");
            return 2;
        }

        if (!StoreProviders.IsCosmos(storage) || !StoreProviders.IsAzureBlob(evidence))
        {
            await errors.WriteLineAsync($"{Name}: set the target as the bot will run with it: Storage__Provider=Cosmos with the Cosmos__ settings, " +
                "and Evidence__Provider=AzureBlob with Evidence__ConnectionString or Evidence__BlobEndpoint. " +
                "The source is read from Storage__EmbeddedPath and Evidence__LocalPath.");
            return 2;
        }

        var environment = services.GetRequiredService<IHostEnvironment>();
        var databasePath = Path.GetFullPath(storage.EmbeddedPath, environment.ContentRootPath);
        var evidencePath = Path.GetFullPath(evidence.LocalPath, environment.ContentRootPath);
        if (!File.Exists(databasePath))
        {
            await errors.WriteLineAsync($"{Name}: there is no embedded store at {databasePath} (Storage__EmbeddedPath).");
            return 2;
        }

        try
        {
            await ActivatorUtilities.CreateInstance<StoreStartup>(services).StartAsync(CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            await errors.WriteLineAsync($"{Name}: {e.Message}");
            return 1;
        }

        using var source = new SqliteComplianceStore(databasePath);
        await output.WriteLineAsync($"Moving {databasePath} and {evidencePath} up to Cosmos DB and Blob Storage.");
        var report = await new StoreTransfer(
            source, new LocalFolderEvidenceStore(evidencePath),
            services.GetRequiredService<CosmosComplianceStore>(), services.GetRequiredService<AzureBlobEvidenceStore>(),
            services.GetRequiredService<TimeProvider>()).RunAsync(output);
        var inboxProblem = await MoveInboxAsync(databasePath + ".inbox", services, output);
        if (inboxProblem is not null) await errors.WriteLineAsync($"{Name}: {inboxProblem}");
        if (report.Verified && inboxProblem is null)
        {
            await output.WriteLineAsync("Verified: every record and evidence file is in Cosmos DB and Blob Storage.");
            return 0;
        }

        foreach (var problem in report.Problems) await errors.WriteLineAsync($"{Name}: {problem}");
        return 1;
    }

    /// <summary>
    /// Copies the accepted chat events (pending, parked and recently finished) from the embedded inbox into the
    /// Cosmos inbox and checks every one arrived; null when done, else what went wrong.
    /// </summary>
    private static async Task<string?> MoveInboxAsync(string folder, IServiceProvider services, TextWriter output)
    {
        if (!Directory.Exists(folder)) return null;
        using var source = new EmbeddedInbox(folder, services.GetRequiredService<TimeProvider>());
        var target = services.GetRequiredService<IInbox>();
        var items = new List<InboxItem>();
        foreach (var state in Enum.GetValues<InboxState>())
        {
            items.AddRange((await source.ListAsync(state, int.MaxValue)).Select(i => i.Document));
        }

        var copied = await target.ImportAsync(items);
        var missing = 0;
        foreach (var item in items)
        {
            if (await target.FindAsync(item.Id) is null) missing++;
        }

        await output.WriteLineAsync($"inbox: {items.Count} in source, {copied} copied now, {items.Count - missing} in target");
        return missing == 0 ? null : $"inbox: {missing} of {items.Count} items did not arrive in the target.";
    }
}
