using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Library;
using ComplianceBot.Core.People;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Host.Configuration;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Startup;

/// <summary>Opens the store and loads the starter library (only what is missing) before the host serves.</summary>
internal sealed partial class LibraryStartup(
    IComplianceStore store, ControlLibrary library, PeopleDirectory people, IOptions<ComplianceOptions> options,
    IOptions<BootstrapOptions> bootstrap, Readiness readiness, ILogger<LibraryStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Control library ready: {Controls} controls ({Created} added from the starter library)")]
    private partial void LogLibraryReady(int controls, int created);
}
