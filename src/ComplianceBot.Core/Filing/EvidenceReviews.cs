using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Filing;

/// <summary>
/// Evidence review. Filed evidence starts as submitted and counts only once the control's reviewer (or, without one,
/// a compliance admin) approves it; a rejection keeps the record with its reason. A file handed in by someone who
/// neither answers for the control nor is a compliance admin goes to the control's owner first, who confirms it
/// (then it is submitted) or declines it. Nobody reviews their own upload. Every decision is in the audit trail.
/// </summary>
public sealed class EvidenceReviews(IComplianceStore store, AuditTrail audit, TimeProvider time)
{
    public const int MaxNoteLength = 1000;

    /// <summary>The state a file starts in when <paramref name="uploader"/> hands it in for <paramref name="controls"/>.</summary>
    public static EvidenceReview StartsAs(Person uploader, IEnumerable<Control> controls)
    {
        ArgumentNullException.ThrowIfNull(uploader);
        ArgumentNullException.ThrowIfNull(controls);
        return DigestConversation.IsAdmin(uploader) || controls.All(c => c.IsAnsweredBy(uploader.Id)) ? EvidenceReview.Submitted : EvidenceReview.AwaitingOwner;
    }

    /// <summary>Who acts next on <paramref name="evidence"/>: the owners to confirm it, or the reviewers to approve it.</summary>
    public async Task<IReadOnlyList<Person>> NextActorsAsync(Evidence evidence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var controls = await ControlsAsync(evidence, cancellationToken);
        var people = (await store.ListAsync<Person>(cancellationToken)).Select(p => p.Document).ToList();
        var admins = people.Where(DigestConversation.IsAdmin).ToList();
        IEnumerable<Person> actors = evidence.Review switch
        {
            EvidenceReview.AwaitingOwner => controls.SelectMany(c => c.OwnerId is null
                ? admins
                : people.Where(p => c.IsAnsweredBy(p.Id))),
            EvidenceReview.Submitted => controls.SelectMany(c => c.ReviewerId is { } reviewer
                ? people.Where(p => string.Equals(p.Id, reviewer, StringComparison.OrdinalIgnoreCase))
                : admins),
            _ => [],
        };
        return actors.Where(p => !string.Equals(p.Id, evidence.UploadedBy, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>The owner (or delegate) confirms a file someone else handed in: it goes to review.</summary>
    public Task<Evidence> ConfirmAsync(string evidenceId, Person owner, CancellationToken cancellationToken = default) =>
        DecideAsync(evidenceId, owner, EvidenceReview.AwaitingOwner, "evidence.confirmed", null, (e, now) => e with { Review = EvidenceReview.Submitted, ConfirmedBy = owner.Id }, cancellationToken);

    /// <summary>The owner (or delegate) declines a file someone else handed in: it is kept, rejected, with the reason.</summary>
    public Task<Evidence> DeclineAsync(string evidenceId, Person owner, string? reason, CancellationToken cancellationToken = default) =>
        DecideAsync(evidenceId, owner, EvidenceReview.AwaitingOwner, "evidence.declined", Reason(reason), (e, now) => e with
        {
            Review = EvidenceReview.Rejected, ReviewedBy = owner.Id, ReviewedAt = now, ReviewNote = Reason(reason),
        }, cancellationToken);

    public Task<Evidence> ApproveAsync(string evidenceId, Person reviewer, CancellationToken cancellationToken = default) =>
        DecideAsync(evidenceId, reviewer, EvidenceReview.Submitted, "evidence.approved", null, (e, now) => e with
        {
            Review = EvidenceReview.Approved, ReviewedBy = reviewer.Id, ReviewedAt = now,
        }, cancellationToken);

    public Task<Evidence> RejectAsync(string evidenceId, Person reviewer, string? reason, CancellationToken cancellationToken = default) =>
        DecideAsync(evidenceId, reviewer, EvidenceReview.Submitted, "evidence.rejected", Reason(reason), (e, now) => e with
        {
            Review = EvidenceReview.Rejected, ReviewedBy = reviewer.Id, ReviewedAt = now, ReviewNote = Reason(reason),
        }, cancellationToken);

    private async Task<Evidence> DecideAsync(
        string evidenceId, Person actor, EvidenceReview expected, string action, string? note,
        Func<Evidence, DateTimeOffset, Evidence> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var stored = await store.FindAsync<Evidence>(evidenceId, cancellationToken)
            ?? throw new NotPermittedException($"There is no evidence {evidenceId}.");
        var evidence = stored.Document;
        if (evidence.Review != expected) throw new NotPermittedException(AlreadyDecided(evidence));
        if (string.Equals(evidence.UploadedBy, actor.Id, StringComparison.OrdinalIgnoreCase))
            throw new NotPermittedException($"You handed in {evidence.FileName}: someone else must {(expected == EvidenceReview.Submitted ? "review" : "confirm")} it.");
        if (!(await NextActorsAsync(evidence, cancellationToken)).Any(p => string.Equals(p.Id, actor.Id, StringComparison.OrdinalIgnoreCase)))
        {
            throw new NotPermittedException(expected == EvidenceReview.Submitted
                ? $"Only the reviewer of {string.Join(", ", evidence.ControlIds)} (or a compliance admin, when it has none) can review {evidence.FileName}."
                : $"Only the owner of {string.Join(", ", evidence.ControlIds)} can confirm {evidence.FileName}.");
        }

        var decided = decide(evidence, time.GetUtcNow());
        try
        {
            await store.ReplaceAsync(decided, stored.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            var now = (await store.FindAsync<Evidence>(evidenceId, cancellationToken))!.Document;
            throw new NotPermittedException(AlreadyDecided(now));
        }

        await audit.RecordAsync(actor.Id, action, Evidence.Kind, evidence.Id,
            $"controls={string.Join(' ', evidence.ControlIds)} sha256={evidence.Sha256}{(note is null ? "" : $" reason={note}")}", cancellationToken);
        return decided;
    }

    private async Task<List<Control>> ControlsAsync(Evidence evidence, CancellationToken cancellationToken)
    {
        var controls = new List<Control>();
        foreach (var id in evidence.ControlIds)
        {
            if ((await store.FindAsync<Control>(id, cancellationToken))?.Document is { } control) controls.Add(control);
        }

        return controls;
    }

    private static string Reason(string? reason)
    {
        var text = reason?.Trim();
        if (string.IsNullOrEmpty(text)) throw new ValidationFailedException("reason", "Say why, so the person who handed it in knows what to change.");
        if (text.Length > MaxNoteLength) throw new ValidationFailedException("reason", $"Keep the reason under {MaxNoteLength:N0} characters.");
        return text;
    }

    private static string AlreadyDecided(Evidence evidence) => evidence.Review switch
    {
        EvidenceReview.Approved => $"{evidence.FileName} was already approved.",
        EvidenceReview.Rejected => $"{evidence.FileName} was already rejected{(evidence.ReviewNote is { } note ? $": {note}" : "")}.",
        EvidenceReview.Submitted => $"{evidence.FileName} was already confirmed and is with its reviewer.",
        _ => $"{evidence.FileName} is waiting for its owner to confirm it.",
    };

}
