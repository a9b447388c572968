using System.Globalization;
using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Improvement;

/// <summary>What is submitted to raise a nonconformity.</summary>
public sealed record NonconformityDraft(
    NonconformitySource Source, string? SourceRef, string? ControlId, string? WhatHappened, string? Correction, string? Cause,
    string? CorrectiveAction, string? OwnerEmail, DateOnly? DueOn);

/// <summary>
/// Nonconformities and their corrective actions: raised (from a "not operating" answer, a rejected evidence, an
/// internal-audit finding, or by hand), the action recorded as taken by its owner, and its effectiveness verified by
/// a compliance admin (not effective reopens it with a new due date). Every step is in the audit trail.
/// </summary>
public sealed class CorrectiveActions(IComplianceStore store, AuditTrail audit, CompliancePolicy policy, TimeProvider time)
{
    private const string CounterId = "nonconformity";
    private const int ReopenDays = 30;

    public async Task<(Nonconformity? Raised, IReadOnlyList<FieldError> Errors)> RaiseAsync(NonconformityDraft draft, Person by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(by);
        var today = policy.Today(time.GetUtcNow());
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(draft.WhatHappened) || draft.WhatHappened.Length > 2000) errors.Add(new("whatHappened", "Say what happened (up to 2,000 characters)."));
        if (string.IsNullOrWhiteSpace(draft.CorrectiveAction) || draft.CorrectiveAction.Length > 2000)
            errors.Add(new("correctiveAction", "Say what will stop it happening again (up to 2,000 characters)."));
        if (draft.Correction?.Length > 2000) errors.Add(new("correction", "Keep the correction under 2,000 characters."));
        if (draft.Cause?.Length > 2000) errors.Add(new("cause", "Keep the cause under 2,000 characters."));
        Person? owner = null;
        if (string.IsNullOrWhiteSpace(draft.OwnerEmail) || (owner = (await store.FindAsync<Person>(Person.IdFor(draft.OwnerEmail), cancellationToken))?.Document) is null)
            errors.Add(new("owner", "Name who owns the corrective action: someone ComplianceBot knows."));
        else if (owner.LeftOn is not null) errors.Add(new("owner", $"{owner.DisplayName} has left the organisation: name someone else."));
        if (draft.DueOn is not { } due || due <= today || due > today.AddYears(1)) errors.Add(new("dueDate", "Choose when the action is due: after today and within a year."));
        var controlId = draft.ControlId?.Trim().ToUpperInvariant();
        if (controlId is { Length: > 0 } && await store.FindAsync<Control>(controlId, cancellationToken) is null) errors.Add(new("controlId", $"There is no control {controlId}."));
        if (errors.Count > 0) return (null, errors);

        var number = await store.NextNumberAsync(CounterId, cancellationToken);
        var nonconformity = new Nonconformity
        {
            Id = "NC-" + number.ToString("D4", CultureInfo.InvariantCulture),
            Source = draft.Source,
            SourceRef = draft.SourceRef?.Trim() ?? "",
            ControlId = controlId is { Length: > 0 } ? controlId : null,
            WhatHappened = draft.WhatHappened!.Trim(),
            Correction = draft.Correction?.Trim() ?? "",
            Cause = draft.Cause?.Trim() ?? "",
            CorrectiveAction = draft.CorrectiveAction!.Trim(),
            OwnerId = owner!.Id,
            DueOn = draft.DueOn!.Value,
            RaisedBy = by.Id,
            RaisedAt = time.GetUtcNow(),
        };
        await store.CreateAsync(nonconformity, cancellationToken);
        await audit.RecordAsync(by.Id, "nonconformity.raised", Nonconformity.Kind, nonconformity.Id,
            $"source={nonconformity.Source} ref={nonconformity.SourceRef} control={nonconformity.ControlId ?? "-"} owner={nonconformity.OwnerId} due={nonconformity.DueOn:yyyy-MM-dd}", cancellationToken);
        return (nonconformity, []);
    }

    /// <summary>The owner (or a compliance admin) says the corrective action is in place; it waits for verification.</summary>
    public async Task<(Nonconformity? Updated, string? Refusal)> ActionTakenAsync(string id, string? note, Person by, bool isAdmin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var stored = (await store.FindAsync<Nonconformity>(id, cancellationToken))?.Document;
        if (stored is null) return (null, $"There is no nonconformity {id}.");
        if (stored.OwnerId != by.Id && !isAdmin) return (null, $"{id} is not yours to close.");
        if (stored.Status != NonconformityStatus.Open) return (null, $"{id} is {Describe(stored.Status)}.");
        var updated = (await store.UpdateAsync<Nonconformity>(id, n => n with
        {
            Status = NonconformityStatus.AwaitingVerification,
            ActionTakenOn = policy.Today(time.GetUtcNow()),
            ActionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        }, cancellationToken)).Document;
        await audit.RecordAsync(by.Id, "nonconformity.action_taken", Nonconformity.Kind, id, "", cancellationToken);
        return (updated, null);
    }

    /// <summary>
    /// A compliance admin other than the owner verifies the action: effective closes it; not effective (a note is
    /// needed) reopens it, due again in 30 days.
    /// </summary>
    public async Task<(Nonconformity? Updated, string? Refusal)> VerifyAsync(string id, bool effective, string? note, Person by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var stored = (await store.FindAsync<Nonconformity>(id, cancellationToken))?.Document;
        if (stored is null) return (null, $"There is no nonconformity {id}.");
        if (stored.Status != NonconformityStatus.AwaitingVerification) return (null, $"{id} is {Describe(stored.Status)}: nothing to verify.");
        if (stored.OwnerId == by.Id) return (null, $"Someone other than the action's owner verifies {id}.");
        if (!effective && string.IsNullOrWhiteSpace(note)) return (null, "Say why the action was not effective.");
        var today = policy.Today(time.GetUtcNow());
        var updated = (await store.UpdateAsync<Nonconformity>(id, n => n with
        {
            Status = effective ? NonconformityStatus.Closed : NonconformityStatus.Open,
            VerifiedOn = effective ? today : n.VerifiedOn,
            VerifiedBy = effective ? by.Id : n.VerifiedBy,
            VerificationNote = string.IsNullOrWhiteSpace(note) ? n.VerificationNote : note.Trim(),
            DueOn = effective ? n.DueOn : today.AddDays(ReopenDays),
            Reopened = effective ? n.Reopened : n.Reopened + 1,
        }, cancellationToken)).Document;
        await audit.RecordAsync(by.Id, effective ? "nonconformity.verified_effective" : "nonconformity.not_effective", Nonconformity.Kind, id,
            effective ? "" : $"due={updated.DueOn:yyyy-MM-dd}", cancellationToken);
        return (updated, null);
    }

    public static string Describe(NonconformityStatus status) => status switch
    {
        NonconformityStatus.AwaitingVerification => "waiting for verification",
        NonconformityStatus.Closed => "closed",
        _ => "open",
    };
}
