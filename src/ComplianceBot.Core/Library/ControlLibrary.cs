using System.Text.RegularExpressions;
using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Library;

/// <summary>The organisation's controls and applicability decisions. Every change lands in the audit trail.</summary>
public sealed partial class ControlLibrary(IComplianceStore store, AuditTrail audit, FrameworkCatalog catalog, Periods.CompliancePolicy policy, TimeProvider time)
{
    private DateOnly Today() => policy.Today(time.GetUtcNow());

    public static bool IsValidControlId(string? id) => id is not null && ControlIdPattern().IsMatch(id);

    /// <summary>Creates the starter controls that are missing. Never overwrites what the organisation changed.</summary>
    public async Task<int> SeedStarterAsync(CancellationToken cancellationToken = default)
    {
        var created = new List<string>();
        foreach (var control in StarterLibrary.Controls)
        {
            if (await store.FindAsync<Control>(control.Id, cancellationToken) is not null) continue;
            try
            {
                await store.CreateAsync(control with { ActiveFrom = policy.ActiveFromFor(starter: true, Today()) }, cancellationToken);
                created.Add(control.Id);
            }
            catch (DocumentExistsException)
            {
                // Another instance seeded it first.
            }
        }

        if (created.Count > 0)
        {
            await audit.RecordAsync(AuditActors.System, "library.seeded", Control.Kind, $"starter-v{StarterLibrary.Version}",
                $"created {created.Count} controls: {string.Join(' ', created)}", cancellationToken);
        }

        return created.Count;
    }

    public async Task<Control> AddAsync(Control control, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(control);
        Validate(control);
        try
        {
            // The next due slot after those taken, so custom controls continue the spread of due dates.
            var slot = await store.CountAsync<Control>(cancellationToken);
            var stored = await store.CreateAsync(
                control with { Origin = ControlOrigins.Custom, DueSlot = control.DueSlot ?? slot, ActiveFrom = control.ActiveFrom ?? policy.ActiveFromFor(starter: false, Today()) }, cancellationToken);
            await audit.RecordAsync(actor, "control.added", Control.Kind, control.Id,
                $"iso27001=[{string.Join(' ', control.Iso27001)}] soc2=[{string.Join(' ', control.Soc2)}]", cancellationToken);
            return stored.Document;
        }
        catch (DocumentExistsException)
        {
            throw new ValidationFailedException("id", $"A control with id {control.Id} already exists.");
        }
    }

    public async Task<Control> AssignAsync(
        string controlId, string? ownerId, string? delegateId, string actor, CancellationToken cancellationToken = default)
    {
        ownerId = ownerId is null ? null : Person.IdFor(ownerId);
        delegateId = delegateId is null ? null : Person.IdFor(delegateId);
        var errors = new List<FieldError>();
        if (ownerId is not null && await store.FindAsync<Person>(ownerId, cancellationToken) is null)
            errors.Add(new("owner", $"{ownerId} is not someone ComplianceBot knows; add them first."));
        if (delegateId is not null && await store.FindAsync<Person>(delegateId, cancellationToken) is null)
            errors.Add(new("delegate", $"{delegateId} is not someone ComplianceBot knows; add them first."));
        if (delegateId is not null && delegateId == ownerId)
            errors.Add(new("delegate", "The delegate must be someone other than the owner."));
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        var stored = await UpdateAsync(controlId, c => c with { OwnerId = ownerId, DelegateId = delegateId }, cancellationToken);
        await audit.RecordAsync(actor, "control.assigned", Control.Kind, controlId,
            $"owner={ownerId ?? "-"} delegate={delegateId ?? "-"}", cancellationToken);
        return stored;
    }

    /// <summary>Who reviews the control's evidence; null hands the reviews back to the compliance admins.</summary>
    public async Task<Control> SetReviewerAsync(string controlId, string? reviewerId, string actor, CancellationToken cancellationToken = default)
    {
        reviewerId = string.IsNullOrWhiteSpace(reviewerId) ? null : Person.IdFor(reviewerId);
        if (reviewerId is not null && await store.FindAsync<Person>(reviewerId, cancellationToken) is null)
            throw new ValidationFailedException("reviewer", $"{reviewerId} is not someone ComplianceBot knows; add them first.");
        var stored = await UpdateAsync(controlId, c => c with { ReviewerId = reviewerId }, cancellationToken);
        await audit.RecordAsync(actor, "control.reviewer", Control.Kind, controlId, $"reviewer={reviewerId ?? "compliance admins"}", cancellationToken);
        return stored;
    }

    public async Task<Control> ChangeCadenceAsync(
        string controlId, Cadence cadence, int freshnessDays, string actor, CancellationToken cancellationToken = default)
    {
        if (freshnessDays is < 1 or > 3660)
        {
            throw new ValidationFailedException("freshnessDays", "The freshness window must be between 1 and 3660 days.");
        }

        var stored = await UpdateAsync(controlId, c => c with { Cadence = cadence, FreshnessDays = freshnessDays }, cancellationToken);
        await audit.RecordAsync(actor, "control.cadence_changed", Control.Kind, controlId,
            $"cadence={cadence} freshnessDays={freshnessDays}", cancellationToken);
        return stored;
    }

    /// <summary>Records an applicability decision. Excluding a requirement needs a justification (ISO SoA).</summary>
    public async Task<RequirementDecision> DecideApplicabilityAsync(
        string frameworkId, string requirementId, bool applicable, string justification, string actor,
        CancellationToken cancellationToken = default)
    {
        var framework = catalog.Find(frameworkId)
            ?? throw new ValidationFailedException("framework", $"Unknown framework '{frameworkId}'. Known: {string.Join(", ", FrameworkIds.All)}.");
        var requirement = framework.Find(requirementId)
            ?? throw new ValidationFailedException("requirement", $"'{requirementId}' is not a requirement of {framework.Name}.");
        justification = (justification ?? "").Trim();
        if (!applicable && justification.Length < 10)
        {
            throw new ValidationFailedException("justification", "Say why the requirement does not apply (at least 10 characters).");
        }

        var decision = new RequirementDecision
        {
            Id = RequirementDecision.IdFor(framework.Id, requirement.Id),
            FrameworkId = framework.Id,
            RequirementId = requirement.Id,
            Applicable = applicable,
            Justification = justification,
            DecidedBy = actor,
            DecidedAt = time.GetUtcNow(),
        };
        await store.UpsertAsync(decision, cancellationToken);
        await audit.RecordAsync(actor, applicable ? "requirement.applicable" : "requirement.not_applicable",
            RequirementDecision.Kind, decision.Id, justification, cancellationToken);
        return decision;
    }

    private async Task<Control> UpdateAsync(string controlId, Func<Control, Control> change, CancellationToken cancellationToken)
    {
        try
        {
            return (await store.UpdateAsync(controlId, change, cancellationToken)).Document;
        }
        catch (DocumentNotFoundException)
        {
            throw new ValidationFailedException("control", $"There is no control {controlId}.");
        }
    }

    private void Validate(Control control)
    {
        var errors = new List<FieldError>();
        if (!IsValidControlId(control.Id))
            errors.Add(new("id", "Use two to five capital letters, a dash and two to four digits, e.g. AC-01."));
        if (string.IsNullOrWhiteSpace(control.Name))
            errors.Add(new("name", "Give the control a name."));
        if (string.IsNullOrWhiteSpace(control.AttestationQuestion))
            errors.Add(new("attestationQuestion", "Say what the owner is asked each period."));
        if (control.FreshnessDays is < 1 or > 3660)
            errors.Add(new("freshnessDays", "The freshness window must be between 1 and 3660 days."));
        var unknownIso = control.Iso27001.Where(id => catalog.Iso27001.Find(id) is null).ToList();
        if (unknownIso.Count > 0)
            errors.Add(new("iso27001", $"Not Annex A controls: {string.Join(", ", unknownIso)}."));
        var unknownSoc2 = control.Soc2.Where(id => catalog.Soc2.Find(id) is null).ToList();
        if (unknownSoc2.Count > 0)
            errors.Add(new("soc2", $"Not SOC 2 criteria: {string.Join(", ", unknownSoc2)}."));
        if (errors.Count > 0) throw new ValidationFailedException(errors);
    }

    [GeneratedRegex("^[A-Z]{2,5}-[0-9]{2,4}$")]
    private static partial Regex ControlIdPattern();
}
