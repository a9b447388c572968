using ComplianceBot.Core.Library;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Host.Configuration;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Startup;

/// <summary>Opens the store and loads the starter library (only what is missing) before the host serves.</summary>
internal sealed partial class LibraryStartup(
    IComplianceStore store, ControlLibrary library, IOptions<ComplianceOptions> options, Readiness readiness, ILogger<LibraryStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var created = options.Value.SeedStarterLibrary ? await library.SeedStarterAsync(cancellationToken) : 0;
        var controls = await store.CountAsync<Control>(cancellationToken);
        LogLibraryReady(controls, created);
        readiness.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Control library ready: {Controls} controls ({Created} added from the starter library)")]
    private partial void LogLibraryReady(int controls, int created);
}
