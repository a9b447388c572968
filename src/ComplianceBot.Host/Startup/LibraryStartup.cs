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
    private readonly StartupRetry retry = new(TimeSpan.FromSeconds(2), ex => ex is System.Data.Common.DbException or IOException);

    public Task StartAsync(CancellationToken cancellationToken) =>
        retry.StartAsync(LoadAsync, ex => LogNotReady(ex.Message), cancellationToken);

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

            foreach (var controlId in person.Reviews)
            {
                var control = await store.FindAsync<Control>(controlId.ToUpperInvariant(), cancellationToken);
                if (control is { Document.ReviewerId: null })
                {
                    await library.SetReviewerAsync(control.Document.Id, person.Email, AuditActors.System, cancellationToken);
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => retry.StopAsync();

    public void Dispose() => retry.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "The store cannot be used at start ({Problem}); the host is not ready and tries again every 2 s")]
    private partial void LogNotReady(string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Control library ready: {Controls} controls ({Created} added from the starter library)")]
    private partial void LogLibraryReady(int controls, int created);
}
