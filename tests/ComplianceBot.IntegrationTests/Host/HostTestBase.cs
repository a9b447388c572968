using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceBot.IntegrationTests.Host;

/// <summary>Each test gets its own host and data folder.</summary>
public abstract class HostTestBase : IDisposable
{
    protected HostTestBase()
    {
        Factory = new ComplianceBotFactory(Folder.Path);
    }

    protected TempFolder Folder { get; } = new();

    protected ComplianceBotFactory Factory { get; }

    protected T Service<T>()
        where T : notnull => Factory.Services.GetRequiredService<T>();

    protected async Task<Evidence> FileEvidenceAsync(string controlId, string text, DateOnly effective)
    {
        await using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        // Evidence as it stands once its reviewer approved it.
        return await Service<EvidenceLocker>().FileAsync(new EvidenceUpload(
            content, $"{controlId}.txt", "text/plain", null, [controlId], effective, null, "olive@example.com", null, EvidenceReview.Approved));
    }

    protected async Task AssignAllAsync(string ownerEmail, string name)
    {
        var store = Service<IComplianceStore>();
        await store.UpsertAsync(new Person { Id = Person.IdFor(ownerEmail), Email = ownerEmail, DisplayName = name });
        foreach (var control in await store.ListAsync<Control>())
        {
            await store.ReplaceAsync(control.Document with { OwnerId = Person.IdFor(ownerEmail) }, control.ETag);
        }
    }

    public void Dispose()
    {
        Factory.Dispose();
        Folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
