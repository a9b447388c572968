using System.Globalization;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Coverage;

/// <summary>
/// Readiness for an auditor, per framework. <see cref="ReadinessView.Design"/> (SOC 2 Type 1) asks whether every
/// control is suitably designed on a day: an owner, a description and approved evidence. <see cref="ReadinessView.Operating"/>
/// (Type 2) asks whether every control operated, with approved evidence, in every period of a window.
/// </summary>
/// <param name="From">The window's first day (operating); for design, the same as <paramref name="To"/>.</param>
public sealed record ReadinessReport(
    ReadinessView View,
    DateOnly From,
    DateOnly To,
    DateTimeOffset AsOf,
    IReadOnlyList<FrameworkReadiness> Frameworks,
    IReadOnlyList<ControlDesign> Design,
    IReadOnlyList<ControlHistory> Operating)
{
    public FrameworkReadiness? For(string frameworkId) =>
        Frameworks.FirstOrDefault(f => string.Equals(f.FrameworkId, frameworkId, StringComparison.OrdinalIgnoreCase));

    /// <summary>One line for a card: "Operating 2026-01-01 to 2026-12-31: 40% ready (2 of 5 requirements operated throughout)".</summary>
    public string Summary(string frameworkId)
    {
        var f = For(frameworkId);
        if (f is null) return "";
        var applicable = f.InScope - f.Excluded;
        return View == ReadinessView.Operating
            ? string.Create(CultureInfo.InvariantCulture, $"Operating {From:yyyy-MM-dd} to {To:yyyy-MM-dd}: {f.Percent:0.#}% ready ({f.Ready} of {applicable} requirements operated throughout with approved evidence)")
            : string.Create(CultureInfo.InvariantCulture, $"Design on {To:yyyy-MM-dd}: {f.Percent:0.#}% ready ({f.Ready} of {applicable} requirements with owned, described controls and approved evidence)");
    }
}

public enum ReadinessView
{
    Design,
    Operating,
}

/// <param name="Percent">Ready requirements as a share of the applicable ones (in scope less excluded).</param>
public sealed record FrameworkReadiness(
    string FrameworkId, string Name, int InScope, int Excluded, int Ready, double Percent, IReadOnlyList<RequirementReadiness> Requirements)
{
    /// <summary>Applicable requirements that are not ready, the one with the most controls short first.</summary>
    public IEnumerable<RequirementReadiness> NotReady => Requirements
        .Where(r => !r.Ready && !r.Excluded)
        .OrderByDescending(r => r.Gaps.Count)
        .ThenBy(r => r.Requirement.Id, RequirementIdComparer.Instance);
}

/// <param name="Note">Why it is not ready when no control is to blame (none mapped, nothing to show in the window).</param>
public sealed record RequirementReadiness(
    Requirement Requirement, bool Ready, bool Excluded, IReadOnlyList<string> ControlIds, IReadOnlyList<ReadinessGap> Gaps, string? Note);

/// <summary>A control that keeps a requirement from being ready, and why.</summary>
public sealed record ReadinessGap(string ControlId, string Name, string? OwnerId, string? OwnerName, string Reason);

/// <summary>One control's design on a day.</summary>
/// <param name="ApprovedEvidenceOn">The newest approved evidence effective by then and not expired.</param>
public sealed record ControlDesign(string ControlId, string Name, string? OwnerId, bool HasDescription, DateOnly? ApprovedEvidenceOn)
{
    public bool Ready => OwnerId is not null && HasDescription && ApprovedEvidenceOn is not null;

    public IReadOnlyList<string> Missing =>
    [
        .. OwnerId is null ? ["no owner"] : Array.Empty<string>(),
        .. HasDescription ? Array.Empty<string>() : ["no description"],
        .. ApprovedEvidenceOn is null ? ["no approved evidence"] : Array.Empty<string>(),
    ];

    public static ControlDesign Of(Control control, DateOnly? approvedEvidenceOn)
    {
        ArgumentNullException.ThrowIfNull(control);
        return new ControlDesign(control.Id, control.Name, control.OwnerId, !string.IsNullOrWhiteSpace(control.Objective), approvedEvidenceOn);
    }
}
