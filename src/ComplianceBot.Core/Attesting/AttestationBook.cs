using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Attesting;

/// <summary>
/// Requests and records attestations, one per control and period. Attestations look back: each is about a period
/// that has ended, asked for once it closes and due within the policy's answer window.
/// </summary>
public sealed class AttestationBook(IComplianceStore store, AuditTrail audit, CompliancePolicy policy, TimeProvider time)
{
    private const int MaxReferences = 200;
    private const int MaxLinkedEvidence = 50;

    /// <summary>The period the control is attested for today: the latest that has ended; null before its first period has.</summary>
    public ReportingPeriod? PeriodToAttest(Control control) => policy.PeriodToAttest(control, policy.Today(time.GetUtcNow()));

    /// <summary>Says when a control whose first period is still running can first be attested.</summary>
    public string FirstAttestationNote(Control control)
    {
        ArgumentNullException.ThrowIfNull(control);
        var first = policy.FirstPeriod(control) ?? ReportingPeriod.Containing(control.Cadence, policy.Today(time.GetUtcNow()));
        return $"{control.Id} is first attested for {first.Key}, from {CardDay(first.End.AddDays(1))} (due {CardDay(policy.DueOn(control, first))}): nothing is due before.";
    }

    /// <summary>
    /// Records the owner's (or delegate's) answer for <see cref="AttestationAnswer.Period"/> (the card's), or for the
    /// period to attest today when none is given; an answer after the due date is marked late, and a later answer
    /// replaces an earlier one.
    /// </summary>
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

        if (answer.Result == AttestationResult.NotApplicable && string.IsNullOrEmpty(comment))
        {
            throw new ValidationFailedException("comment", "Say why the control does not apply: a compliance admin approves it, and auditors read it.");
        }

        if (comment?.Length > 2000)
        {
            throw new ValidationFailedException("comment", "Keep the comment under 2,000 characters.");
        }

        var references = CheckOccurrences(control, answer);
        var linked = await CheckEvidenceAsync(control, answer.EvidenceIds, cancellationToken);

        var now = time.GetUtcNow();
        var today = policy.Today(now);
        ReportingPeriod period;
        if (answer.Period is not { Length: > 0 } asked)
        {
            period = PeriodToAttest(control) ?? throw new ValidationFailedException("period", FirstAttestationNote(control));
        }
        else
        {
            if (!ReportingPeriod.TryParse(asked, control.Cadence, out period))
                throw new ValidationFailedException("period", $"{asked} is not a {control.Cadence.ToString().ToLowerInvariant()} period of {control.Id}.");
            if (period.End >= today)
                throw new ValidationFailedException("period", $"{period.Key} has not ended yet; it can be attested from {CardDay(period.End.AddDays(1))}.");
        }

        Attestation Answered(Attestation? existing)
        {
            var request = existing ?? NewRequest(control, period, now);
            return request with
            {
                Status = AttestationStatus.Answered,
                Result = answer.Result,
                Comment = string.IsNullOrEmpty(comment) ? null : comment,
                AttestorId = answer.PersonId,
                AnsweredAt = now,
                Late = today > request.DueOn,
                EvidenceIds = linked,
                Occurrences = control.EventDriven ? answer.Occurrences : null,
                Approval = answer.Result == AttestationResult.NotApplicable ? NotApplicableApproval.Pending : null,
                ApprovedBy = null,
                ApprovedAt = null,
                ApprovalNote = null,
                References = references,
            };
        }

        var id = Attestation.IdFor(control.Id, period.Key);
        var saved = await store.UpdateOrCreateAsync<Attestation>(id, Answered, cancellationToken);
        await audit.RecordAsync(answer.PersonId, "attestation.answered", Attestation.Kind, id,
            $"result={answer.Result} evidence={string.Join(' ', linked)}{(saved.Occurrences is { } count ? $" occurrences={count}" : "")}{(saved.References.Count > 0 ? $" references={string.Join(' ', saved.References)}" : "")}{(saved.Late ? " late" : "")}", cancellationToken);
        return saved;
    }

    /// <summary>
    /// A compliance admin's decision on a "not applicable" answer: approved, the control drops out of the
    /// requirements it maps to for that period; rejected (with a reason), it needs a real answer. The person who
    /// answered cannot decide on their own answer.
    /// </summary>
    public async Task<Attestation> DecideNotApplicableAsync(
        string attestationId, Person admin, bool approve, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(admin);
        if (!Digests.DigestConversation.IsAdmin(admin))
            throw new NotPermittedException("Only a compliance admin can approve or reject a \"not applicable\" answer.");
        var note = reason?.Trim();
        if (!approve && string.IsNullOrEmpty(note))
            throw new ValidationFailedException("reason", "Say why it does apply, so the owner knows what to answer.");
        if (note?.Length > 1000) throw new ValidationFailedException("reason", "Keep the reason under 1,000 characters.");

        var stored = await store.FindAsync<Attestation>(attestationId, cancellationToken)
            ?? throw new NotPermittedException($"There is no attestation {attestationId}.");
        var attestation = stored.Document;
        if (attestation.Result != AttestationResult.NotApplicable || attestation.Approval != NotApplicableApproval.Pending)
            throw new NotPermittedException($"{attestation.ControlId} {attestation.Period} has no \"not applicable\" answer waiting for approval (it was answered again, or decided already).");
        if (string.Equals(attestation.AttestorId, admin.Id, StringComparison.OrdinalIgnoreCase))
            throw new NotPermittedException("You gave this answer: another compliance admin must approve it.");

        var decided = attestation with
        {
            Approval = approve ? NotApplicableApproval.Approved : NotApplicableApproval.Rejected,
            ApprovedBy = admin.Id,
            ApprovedAt = time.GetUtcNow(),
            ApprovalNote = approve ? null : note,
        };
        try
        {
            await store.ReplaceAsync(decided, stored.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            throw new NotPermittedException($"{attestation.ControlId} {attestation.Period} changed meanwhile (answered again or decided): open it again.");
        }

        await audit.RecordAsync(admin.Id, approve ? "attestation.not_applicable.approved" : "attestation.not_applicable.rejected", Attestation.Kind, attestation.Id,
            approve ? $"justification={attestation.Comment}" : $"reason={note}", cancellationToken);
        return decided;
    }

    /// <summary>
    /// Creates the request for the period to attest unless it exists; null while the control's first period runs.
    /// Safe to call repeatedly.
    /// </summary>
    public async Task<(Attestation? Attestation, bool Created)> RequestAsync(Control control, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(control);
        if (PeriodToAttest(control) is not { } period) return (null, false);
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
        DueOn = policy.DueOn(control, period),
        RequestedAt = now,
    };

    /// <summary>Evidence linked to an answer is the control's own and not rejected; the order given is kept, repeats dropped.</summary>
    private async Task<IReadOnlyList<string>> CheckEvidenceAsync(Control control, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0) return [];
        if (wanted.Count > MaxLinkedEvidence) throw new ValidationFailedException("evidenceIds", $"Link at most {MaxLinkedEvidence} files to one answer.");
        var own = (await store.ListEvidenceForControlAsync(control.Id, cancellationToken)).ToDictionary(e => e.Id, StringComparer.Ordinal);
        foreach (var id in wanted)
        {
            if (!own.TryGetValue(id, out var evidence))
                throw new ValidationFailedException("evidenceIds", $"{id} is not evidence of {control.Id}: choose from the files listed on the card.");
            if (evidence.Review == EvidenceReview.Rejected)
                throw new ValidationFailedException("evidenceIds", $"{evidence.FileName} was rejected ({evidence.ReviewNote}): it cannot support an answer.");
        }

        return wanted;
    }

    /// <summary>Event-driven answers: "operated" says on what, "no occurrences" says none; scheduled controls have neither.</summary>
    private static List<string> CheckOccurrences(Control control, AttestationAnswer answer)
    {
        var references = (answer.References ?? []).Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (!control.EventDriven)
        {
            if (answer.Result == AttestationResult.NoOccurrences)
                throw new ValidationFailedException("result", $"{control.Id} runs on a schedule: say whether it operated, not that nothing occurred.");
            return [];
        }

        if (answer.Occurrences is < 0 or > 1_000_000)
            throw new ValidationFailedException("occurrences", "Give the number of occurrences as a whole number from 0 to 1,000,000.");
        if (references.Count > MaxReferences || references.Any(r => r.Length > 100))
            throw new ValidationFailedException("references", $"List at most {MaxReferences} references of up to 100 characters each.");
        return answer.Result switch
        {
            AttestationResult.Operating when answer.Occurrences is null or 0 && references.Count == 0 =>
                throw new ValidationFailedException("occurrences", "Say how many times it ran this period, or list the tickets it ran on."),
            AttestationResult.NoOccurrences when answer.Occurrences > 0 || references.Count > 0 =>
                throw new ValidationFailedException("occurrences", "You said nothing occurred: leave the count at 0 and the references empty, or answer that it operated."),
            _ => references,
        };
    }

    private static string CardDay(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
