using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Attesting;

/// <summary>Requests and records attestations, one per control and period.</summary>
public sealed class AttestationBook(IComplianceStore store, AuditTrail audit, CompliancePolicy policy, TimeProvider time)
{
    public ReportingPeriod CurrentPeriod(Control control)
    {
        ArgumentNullException.ThrowIfNull(control);
        return ReportingPeriod.Containing(control.Cadence, policy.Today(time.GetUtcNow()));
    }

    /// <summary>Records the owner's (or delegate's) answer for the current period; a later answer replaces it.</summary>
    public async Task<Attestation> AnswerAsync(AttestationAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var control = (await store.FindAsync<Control>(answer.ControlId, cancellationToken))?.Document
            ?? throw new ValidationFailedException("control", $"There is no control {answer.ControlId}.");
        if (!control.IsAnsweredBy(answer.PersonId))
        {
            throw new NotPermittedException($"Only the owner or delegate of {control.Id} can attest it.");
        }

        var comment = answer.Comment?.Trim();
        if (answer.Result is AttestationResult.NotOperating or AttestationResult.Partially && string.IsNullOrEmpty(comment))
        {
            throw new ValidationFailedException("comment", "Say what is not working, so the gap can be followed up.");
        }

        if (comment?.Length > 2000)
        {
            throw new ValidationFailedException("comment", "Keep the comment under 2,000 characters.");
        }

        var period = CurrentPeriod(control);
        var now = time.GetUtcNow();
        Attestation Answered(Attestation? existing) => (existing ?? NewRequest(control, period, now)) with
        {
            Status = AttestationStatus.Answered,
            Result = answer.Result,
            Comment = string.IsNullOrEmpty(comment) ? null : comment,
            AttestorId = answer.PersonId,
            AnsweredAt = now,
            EvidenceIds = answer.EvidenceIds,
        };

        var id = Attestation.IdFor(control.Id, period.Key);
        var saved = await store.UpdateOrCreateAsync<Attestation>(id, Answered, cancellationToken);
        await audit.RecordAsync(answer.PersonId, "attestation.answered", Attestation.Kind, id,
            $"result={answer.Result} evidence={string.Join(' ', answer.EvidenceIds)}", cancellationToken);
        return saved;
    }

    /// <summary>Creates the request for the current period unless it exists. Safe to call repeatedly.</summary>
    public async Task<(Attestation Attestation, bool Created)> RequestAsync(Control control, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(control);
        var period = CurrentPeriod(control);
        var existing = await store.FindAsync<Attestation>(Attestation.IdFor(control.Id, period.Key), cancellationToken);
        if (existing is not null) return (existing.Document, false);
        try
        {
            var created = await store.CreateAsync(NewRequest(control, period, time.GetUtcNow()), cancellationToken);
            await audit.RecordAsync(AuditActors.System, "attestation.requested", Attestation.Kind, created.Document.Id,
                $"owner={control.OwnerId ?? "-"} due={created.Document.DueOn:yyyy-MM-dd}", cancellationToken);
            return (created.Document, true);
        }
        catch (DocumentExistsException)
        {
            var winner = await store.FindAsync<Attestation>(Attestation.IdFor(control.Id, period.Key), cancellationToken);
            return (winner!.Document, false);
        }
    }

    private Attestation NewRequest(Control control, ReportingPeriod period, DateTimeOffset now) => new()
    {
        Id = Attestation.IdFor(control.Id, period.Key),
        ControlId = control.Id,
        Period = period.Key,
        DueOn = period.DueOn(policy.AttestationDueDays),
        RequestedAt = now,
    };
}
