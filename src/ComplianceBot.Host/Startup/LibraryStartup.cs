using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Library;
using ComplianceBot.Core.People;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Host.Configuration;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Startup;

/// <summary>
/// Opens the store and loads the starter library (only what is missing) before the host serves. When the store
/// cannot be read or written at start (a full disk, say), the host starts anyway, not ready, and this tries again
/// every few seconds until it succeeds.
/// </summary>
internal sealed partial class LibraryStartup(
    IComplianceStore store, ControlLibrary library, PeopleDirectory people, IOptions<ComplianceOptions> options,
    IOptions<BootstrapOptions> bootstrap, Readiness readiness, ILogger<LibraryStartup> logger)
    : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource stopping = new();
    private Task retrying = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await LoadAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException)
        {
            LogNotReady(ex.Message);
            retrying = RetryAsync(stopping.Token);
        }
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // A pause of the machine's clock: how long to wait before trying the disk again is not business time.
            await Task.Delay(RetryEvery, TimeProvider.System, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested) return;
            try
            {
                await LoadAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or IOException)
            {
                // still not possible; tried again shortly
            }
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var created = options.Value.SeedStarterLibrary ? await library.SeedStarterAsync(cancellationToken) : 0;
        var controls = await store.CountAsync<Control>(cancellationToken);
        LogLibraryReady(controls, created);
        await BootstrapPeopleAsync(cancellationToken);
        readiness.MarkReady();
    }

    private async Task BootstrapPeopleAsync(CancellationToken cancellationToken)
    {
        // Managers first, so a person's manager exists when the person is added.
        foreach (var person in bootstrap.Value.People.OrderBy(p => p.ManagerEmail is null ? 0 : 1))
        {
            if (await store.FindAsync<Person>(Person.IdFor(person.Email), cancellationToken) is null)
            {
                await people.SaveAsync(person.Email, person.DisplayName, person.TimeZone, person.ManagerEmail, person.Roles, AuditActors.System, cancellationToken);
            }

            foreach (var controlId in person.Owns)
            {
                var control = await store.FindAsync<Control>(controlId.ToUpperInvariant(), cancellationToken);
                if (control is { Document.OwnerId: null })
                {
                    await library.AssignAsync(control.Document.Id, person.Email, null, AuditActors.System, cancellationToken);
                }
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        stopping.Cancel();
        await retrying.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    // Stopping may come after disposal (a test host disposes first): the source is cancelled, never disposed, so
    // either order is safe; it holds no timer.
    public void Dispose() => stopping.Cancel();

    [LoggerMessage(Level = LogLevel.Error, Message = "The store cannot be used at start ({Problem}); the host is not ready and tries again every 2 s")]
    private partial void LogNotReady(string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Control library ready: {Controls} controls ({Created} added from the starter library)")]
    private partial void LogLibraryReady(int controls, int created);
}
