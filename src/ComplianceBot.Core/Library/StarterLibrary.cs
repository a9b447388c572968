using System.Text.Json;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Library;

/// <summary>The control library shipped with ComplianceBot, mapped to ISO 27001:2022 Annex A and SOC 2.</summary>
public static class StarterLibrary
{
    private static readonly Lazy<StarterFile> File = new(Load);

    public static int Version => File.Value.Version;

    public static IReadOnlyList<Control> Controls => File.Value.Controls;

    private static StarterFile Load()
    {
        using var stream = typeof(StarterLibrary).Assembly.GetManifestResourceStream("Library.starter-controls.json")
            ?? throw new InvalidOperationException("The starter control library is not embedded.");
        var file = JsonSerializer.Deserialize<StarterFile>(stream, ComplianceJson.Options)
            ?? throw new InvalidOperationException("The starter control library is empty.");
        // Due slots run on through the controls in the order their periods coincide (quarterly, then monthly, then
        // semi-annual, then annual), so that each campaign's controls hold consecutive slots and spread evenly.
        var slots = file.Controls.OrderBy(c => SlotOrder(c.Cadence)).Select((c, i) => (c.Id, Slot: i)).ToDictionary(p => p.Id, p => p.Slot, StringComparer.Ordinal);
        return file with { Controls = file.Controls.Select(c => c with { Origin = ControlOrigins.Starter, DueSlot = c.DueSlot ?? slots[c.Id] }).ToList() };
    }

    private static int SlotOrder(Cadence cadence) => cadence switch
    {
        Cadence.Quarterly => 0,
        Cadence.Monthly => 1,
        Cadence.Semiannual => 2,
        _ => 3,
    };

    private sealed record StarterFile(int Version, IReadOnlyList<Control> Controls);
}
