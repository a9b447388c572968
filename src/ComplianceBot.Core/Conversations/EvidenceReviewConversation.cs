using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// The evidence review in chat: the owner of a control gets a card to confirm a file someone else handed in, the
/// reviewer a card to approve it or reject it with a reason; the card is replaced by the decision, and the person
/// who handed the file in is told either way (with the coverage change, when it counts).
/// </summary>
public sealed class EvidenceReviewConversation(IComplianceStore store, EvidenceReviews reviews, CoverageEngine coverage, CompliancePolicy policy)
    : IConversation
{
    public const string Template = "evidence-review";
    public const string ApproveAction = "evidence.approve";
    public const string RejectAction = "evidence.reject";
    public const string ConfirmAction = "evidence.confirm";
    public const string DeclineAction = "evidence.decline";
    public const string OpenAction = "evidence.review";

    public IEnumerable<ChatAction> Actions =>
    [
        new(OpenAction, OpensForm: false, (request, cancellationToken) => OpenAsync(request.Person, request.Text("evidenceId"), cancellationToken)),
        new(ApproveAction, OpensForm: false, (request, cancellationToken) => DecideAsync(request.Person, request.Data, ApproveAction, cancellationToken)),
        new(RejectAction, OpensForm: false, (request, cancellationToken) => DecideAsync(request.Person, request.Data, RejectAction, cancellationToken)),
        new(ConfirmAction, OpensForm: false, (request, cancellationToken) => DecideAsync(request.Person, request.Data, ConfirmAction, cancellationToken)),
        new(DeclineAction, OpensForm: false, (request, cancellationToken) => DecideAsync(request.Person, request.Data, DeclineAction, cancellationToken)),
    ];

    /// <summary>The cards that ask the next people to act on <paramref name="evidence"/> (its owners to confirm, or its reviewers).</summary>
    public async Task<(IReadOnlyList<Notice> Notices, IReadOnlyList<Person> Recipients)> AskAsync(Evidence evidence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var actors = await reviews.NextActorsAsync(evidence, cancellationToken);
        var card = await CardAsync(evidence, decided: null, new JsonObject(), [], cancellationToken);
        return (actors.Select(p => new Notice(p.Id, OutboundMessage.Show(card))).ToList(), actors);
    }

    /// <summary>The review card again (from the person's tasks), or what became of the evidence.</summary>
    public async Task<TurnResult> OpenAsync(Person person, string? evidenceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var evidence = evidenceId is null ? null : (await store.FindAsync<Evidence>(evidenceId, cancellationToken))?.Document;
        if (evidence is null) return TurnResult.Reply(OutboundMessage.Say("I can't find that evidence any more."));
        if (evidence.Review is EvidenceReview.Approved or EvidenceReview.Rejected)
            return TurnResult.Reply(OutboundMessage.Say($"{evidence.FileName} was {evidence.Review.ToString().ToLowerInvariant()} already{(evidence.ReviewNote is { } note ? $": {note}" : "")}."));
        if (!(await reviews.NextActorsAsync(evidence, cancellationToken)).Any(p => string.Equals(p.Id, person.Id, StringComparison.OrdinalIgnoreCase)))
            return TurnResult.Reply(OutboundMessage.Say($"{evidence.FileName} is not waiting for you."));
        return TurnResult.Reply(OutboundMessage.Show(await CardAsync(evidence, null, new JsonObject(), [], cancellationToken)));
    }

    public async Task<TurnResult> DecideAsync(Person person, JsonObject data, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(data);
        var evidenceId = CardInputs.Text(data, "evidenceId") ?? "";
        var stored = await store.FindAsync<Evidence>(evidenceId, cancellationToken);
        if (stored is null) return TurnResult.Reply(OutboundMessage.Say("I can't find that evidence any more."));
        var reason = CardInputs.Text(data, "reason");
        var values = new JsonObject { ["reason"] = reason ?? "" };

        var before = action == ApproveAction ? await coverage.ComputeAsync(cancellationToken) : null;
        Evidence decided;
        try
        {
            decided = action switch
            {
                ApproveAction => await reviews.ApproveAsync(evidenceId, person, cancellationToken),
                RejectAction => await reviews.RejectAsync(evidenceId, person, reason, cancellationToken),
                ConfirmAction => await reviews.ConfirmAsync(evidenceId, person, cancellationToken),
                _ => await reviews.DeclineAsync(evidenceId, person, reason, cancellationToken),
            };
        }
        catch (ValidationFailedException failed)
        {
            return TurnResult.Invalid(await CardAsync(stored.Document, null, values, failed.Errors, cancellationToken), failed.Errors);
        }
        catch (NotPermittedException denied)
        {
            return TurnResult.Reply(OutboundMessage.Say(denied.Message));
        }

        var controls = string.Join(", ", decided.ControlIds);
        var notices = new List<Notice>();
        string outcome;
        switch (decided.Review)
        {
            case EvidenceReview.Approved:
                var after = await coverage.ComputeAsync(cancellationToken);
                var change = CoverageProgress.Describe(before!, after);
                outcome = $"Approved by {person.DisplayName}. It now counts for {controls}. Coverage: {change}.";
                notices.Add(new Notice(decided.UploadedBy, OutboundMessage.Say(
                    $"{person.DisplayName} approved {decided.FileName} ({decided.Id}) as evidence for {controls}. Coverage: {change}.")));
                break;
            case EvidenceReview.Submitted:
                var (asks, reviewers) = await AskAsync(decided, cancellationToken);
                notices.AddRange(asks);
                var with = reviewers.Count > 0 ? string.Join(", ", reviewers.Select(r => r.DisplayName)) : "nobody yet (no reviewer is set and there is no compliance admin)";
                outcome = $"Confirmed by {person.DisplayName}; sent for review to {with}.";
                notices.Add(new Notice(decided.UploadedBy, OutboundMessage.Say(
                    $"{person.DisplayName} confirmed {decided.FileName} as evidence for {controls}; it is with its reviewer now.")));
                break;
            default:
                var verb = action == DeclineAction ? "declined" : "rejected";
                outcome = $"{char.ToUpperInvariant(verb[0])}{verb[1..]} by {person.DisplayName}: {decided.ReviewNote}. It is kept in the record and does not count.";
                notices.Add(new Notice(decided.UploadedBy, OutboundMessage.Say(
                    $"{person.DisplayName} {verb} {decided.FileName} ({decided.Id}) for {controls}: {decided.ReviewNote}. Send a corrected file with 'evidence {decided.ControlIds[0]}'.")));
                break;
        }

        return TurnResult.Replace(await CardAsync(decided, outcome, values, [], cancellationToken), notices.ToArray());
    }

    private async Task<CardView> CardAsync(Evidence evidence, string? decided, JsonObject values, IReadOnlyList<FieldError> errors, CancellationToken cancellationToken)
    {
        var uploader = (await store.FindAsync<Person>(evidence.UploadedBy, cancellationToken))?.Document.DisplayName ?? evidence.UploadedBy;
        var names = new List<string>();
        foreach (var id in evidence.ControlIds)
        {
            names.Add((await store.FindAsync<Control>(id, cancellationToken))?.Document is { } control ? $"{control.Id} {control.Name}" : id);
        }

        var confirming = evidence.Review == EvidenceReview.AwaitingOwner && decided is null;
        values["reason"] ??= "";
        return new CardView(Template, new JsonObject
        {
            ["evidenceId"] = evidence.Id,
            ["title"] = decided is not null ? $"{evidence.FileName}: decided" : confirming ? $"Confirm evidence for {string.Join(", ", evidence.ControlIds)}" : $"Review evidence for {string.Join(", ", evidence.ControlIds)}",
            ["prompt"] = confirming
                ? $"{uploader} handed in {evidence.FileName} as evidence for your control. Is it the right evidence? Once you confirm it, it goes to review."
                : $"{uploader} handed in {evidence.FileName}. Approve it if it shows the control operated in the period it speaks for; it then counts for coverage.",
            ["fileName"] = evidence.FileName,
            ["controls"] = string.Join("; ", names),
            ["uploader"] = uploader,
            ["uploadedOn"] = CardInputs.Day(policy.Today(evidence.UploadedAt)),
            ["effectiveDate"] = CardInputs.Day(evidence.EffectiveOn),
            ["expiryDate"] = evidence.ExpiresOn is { } expires ? CardInputs.Day(expires) : "none",
            ["size"] = EvidenceConversation.Size(evidence.SizeBytes),
            ["sha256"] = evidence.Sha256,
            ["sha256Grouped"] = CardInputs.Grouped(evidence.Sha256),
            ["confirming"] = confirming,
            ["reviewing"] = decided is null && evidence.Review == EvidenceReview.Submitted,
            ["decided"] = decided is not null,
            ["outcome"] = decided ?? "",
            // A rejection (by the reviewer) can be recorded as a nonconformity of the control it was for.
            ["offerNonconformity"] = decided is not null && evidence.Review == EvidenceReview.Rejected,
            ["controlId"] = evidence.ControlIds.Count > 0 ? evidence.ControlIds[0] : "",
            ["hasErrors"] = errors.Count > 0,
            ["errors"] = CardInputs.Errors(errors),
            ["values"] = values,
        });
    }
}
