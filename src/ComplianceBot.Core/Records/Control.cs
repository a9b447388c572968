using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>A control of the organisation's library, mapped to the requirements it helps satisfy.</summary>
public sealed record Control : IDocument
{
    public static string Kind => "control";

    public required string Id { get; init; }

    public required string Name { get; init; }

    public string Domain { get; init; } = "";

    public required string Objective { get; init; }

    public required string AttestationQuestion { get; init; }

    public IReadOnlyList<string> ExpectedEvidence { get; init; } = [];

    public Cadence Cadence { get; init; } = Cadence.Quarterly;

    /// <summary>
    /// The control runs on events (an incident, a change, a joiner or leaver) rather than on a schedule. Its cadence
    /// still sets the period it is attested for; the answer says it operated on every occurrence (with a count or
    /// references such as ticket ids), that nothing occurred, that it operated partially, or not.
    /// </summary>
    public bool EventDriven { get; init; }

    /// <summary>Evidence older than this many days (by its effective date) no longer counts.</summary>
    public int FreshnessDays { get; init; } = 120;

    public IReadOnlyList<string> Iso27001 { get; init; } = [];

    public IReadOnlyList<string> Soc2 { get; init; } = [];

    /// <summary>
    /// ISO 27001 requirements the control supports without carrying them: it counts toward "partial", never alone
    /// toward "covered", and its shortfalls do not hold a requirement back (<see cref="Iso27001"/> are the primary mappings).
    /// </summary>
    public IReadOnlyList<string> Iso27001Supporting { get; init; } = [];

    /// <summary>SOC 2 criteria the control supports; see <see cref="Iso27001Supporting"/>.</summary>
    public IReadOnlyList<string> Soc2Supporting { get; init; } = [];

    public string? OwnerId { get; init; }

    /// <summary>
    /// Which day of the answer window this control's attestations fall due on (taken modulo the window): the
    /// library gives each control the next slot as it is added, so a campaign's due dates are spread evenly.
    /// </summary>
    public int? DueSlot { get; init; }

    public string? DelegateId { get; init; }

    /// <summary>Who reviews the evidence filed for this control; without one, the compliance admins do.</summary>
    public string? ReviewerId { get; init; }

    /// <summary>
    /// The day the control came into use (added to the library, or the organisation's configured start): its first
    /// attested period is the one containing this day, so nothing is overdue from before. Null for controls stored
    /// before this was kept: attested from any period.
    /// </summary>
    public DateOnly? ActiveFrom { get; init; }

    /// <summary>"starter" for the shipped library, "custom" for controls the organisation added.</summary>
    public string Origin { get; init; } = ControlOrigins.Custom;

    /// <summary>Every requirement of the framework the control is mapped to, primary then supporting.</summary>
    public IReadOnlyList<string> MappedTo(string frameworkId) => frameworkId switch
    {
        FrameworkIds.Iso27001 => Iso27001Supporting.Count == 0 ? Iso27001 : [.. Iso27001, .. Iso27001Supporting.Except(Iso27001, StringComparer.OrdinalIgnoreCase)],
        FrameworkIds.Soc2 => Soc2Supporting.Count == 0 ? Soc2 : [.. Soc2, .. Soc2Supporting.Except(Soc2, StringComparer.OrdinalIgnoreCase)],
        _ => [],
    };

    /// <summary>Whether the control carries the requirement (a primary mapping) rather than supporting it.</summary>
    public bool IsPrimaryFor(string frameworkId, string requirementId) => frameworkId switch
    {
        FrameworkIds.Iso27001 => Iso27001.Contains(requirementId, StringComparer.OrdinalIgnoreCase),
        FrameworkIds.Soc2 => Soc2.Contains(requirementId, StringComparer.OrdinalIgnoreCase),
        _ => false,
    };

    public bool IsAnsweredBy(string personId) =>
        string.Equals(OwnerId, personId, StringComparison.OrdinalIgnoreCase)
        || string.Equals(DelegateId, personId, StringComparison.OrdinalIgnoreCase);
}

public static class ControlOrigins
{
    public const string Starter = "starter";
    public const string Custom = "custom";
}
