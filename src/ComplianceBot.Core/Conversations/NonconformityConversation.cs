using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Improvement;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// Nonconformities in chat: raised on a form (from a "not operating" answer, or by hand with `nonconformity AC-01`),
/// the action's owner says when it is in place, and the compliance admins verify it was effective.
/// </summary>
public sealed class NonconformityConversation(IComplianceStore store, CorrectiveActions actions, ChatPeople people, CompliancePolicy policy, TimeProvider time) : IConversation
{
    public const string FormTemplate = "nonconformity";
    public const string StatusTemplate = "nonconformity-status";
    public const string OpenAction = "nc.open";
    public const string SubmitAction = "nc.submit";
    public const string ShowAction = "nc.show";
    public const string DoneAction = "nc.done";
    public const string EffectiveAction = "nc.verify.effective";
    public const string IneffectiveAction = "nc.verify.ineffective";
    private const int DefaultDueDays = 30;

    private static readonly string[] Fields = ["whatHappened", "correction", "cause", "correctiveAction", "owner", "dueDate"];

    public IEnumerable<ChatAction> Actions =>
    [
        new(OpenAction, OpensForm: true, (request, cancellationToken) => OpenAsync(request.Person, request.Data, cancellationToken))
        {
            Command = new("nonconformity") { ArgumentField = "controlId", Help = new("nonconformity AC-01", "Raise a nonconformity and its corrective action") },
        },
        new(SubmitAction, OpensForm: false, (request, cancellationToken) => SubmitAsync(request.Person, request.Turn, request.Data, cancellationToken)),
        new(ShowAction, OpensForm: false, (request, cancellationToken) => ShowAsync(request.Person, request.Text("id"), cancellationToken))
        {
            Command = new("nc") { ArgumentField = "id", Help = new("nc NC-0001", "See a nonconformity, record its action or verify it") },
        },
        new(DoneAction, OpensForm: false, (request, cancellationToken) => DoneAsync(request.Person, request.Text("id"), request.Text("note"), cancellationToken)),
        new(EffectiveAction, OpensForm: false, (request, cancellationToken) => VerifyAsync(request.Person, request.Text("id"), true, request.Text("note"), cancellationToken)),
        new(IneffectiveAction, OpensForm: false, (request, cancellationToken) => VerifyAsync(request.Person, request.Text("id"), false, request.Text("note"), cancellationToken)),
    ];

    public async Task<TurnResult> OpenAsync(Person person, JsonObject data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(data);
        var controlId = CardInputs.Text(data, "controlId")?.ToUpperInvariant();
        var control = controlId is null ? null : (await store.FindAsync<Control>(controlId, cancellationToken))?.Document;
        if (controlId is not null && control is null) return TurnResult.Reply(OutboundMessage.Say($"There is no control {controlId}."));
        var source = SourceOf(CardInputs.Text(data, "source"));
        var sourceRef = CardInputs.Text(data, "sourceRef") ?? "";
        var happened = source switch
        {
            NonconformitySource.NotOperating => (await store.FindAsync<Attestation>(sourceRef, cancellationToken))?.Document.Comment ?? "",
            NonconformitySource.EvidenceRejected => (await store.FindAsync<Evidence>(sourceRef, cancellationToken))?.Document is { } rejected
                ? $"{rejected.FileName} was rejected as evidence: {rejected.ReviewNote}"
                : "",
            _ => "",
        };
        var owner = control?.OwnerId is { } ownerId ? (await store.FindAsync<Person>(ownerId, cancellationToken))?.Document : null;
        var values = new JsonObject
        {
            ["whatHappened"] = happened,
            ["owner"] = owner?.Email ?? person.Email,
            ["dueDate"] = CardInputs.Day(policy.Today(time.GetUtcNow()).AddDays(DefaultDueDays)),
        };
        return TurnResult.Reply(OutboundMessage.Show(Form(source, sourceRef, control, values, owner ?? person, [])));
    }

    public async Task<TurnResult> SubmitAsync(Person person, ChatTurn turn, JsonObject data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(data);
        var source = SourceOf(CardInputs.Text(data, "source"));
        var sourceRef = CardInputs.Text(data, "sourceRef");
        var controlId = CardInputs.Text(data, "controlId");
        var picked = CardInputs.Text(data, "owner");
        var owner = picked is null ? null : await people.FindPickedAsync(turn, picked, cancellationToken);
        var (due, dueMalformed) = CardInputs.Date(data, "dueDate");
        var (raised, errors) = await actions.RaiseAsync(new NonconformityDraft(
            source, sourceRef, controlId, CardInputs.Text(data, "whatHappened"), CardInputs.Text(data, "correction"), CardInputs.Text(data, "cause"),
            CardInputs.Text(data, "correctiveAction"), owner?.Email ?? picked, due), person, cancellationToken);
        var all = errors.ToList();
        if (dueMalformed)
        {
            all.RemoveAll(e => e.Field == "dueDate");
            all.Add(new FieldError("dueDate", "Give the due date as a date (YYYY-MM-DD)."));
        }

        if (raised is null || all.Count > 0)
        {
            var control = controlId is null ? null : (await store.FindAsync<Control>(controlId.ToUpperInvariant(), cancellationToken))?.Document;
            var values = new JsonObject();
            foreach (var field in Fields) values[field] = CardInputs.Text(data, field) ?? "";
            return TurnResult.Invalid(Form(source, sourceRef ?? "", control, values, owner, all), all);
        }

        var card = await StatusAsync(raised, viewer: person, $"{raised.Id} raised.", cancellationToken);
        var notices = raised.OwnerId == person.Id
            ? Array.Empty<Notice>()
            : [new Notice(raised.OwnerId, OutboundMessage.Show(await StatusAsync(raised, viewer: owner!, null, cancellationToken)) with
            {
                Text = $"{person.DisplayName} raised {raised.Id} and named you owner of its corrective action.",
            })];
        return TurnResult.Replace(card, notices);
    }

    public async Task<TurnResult> ShowAsync(Person person, string? id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var nonconformity = id is null ? null : (await store.FindAsync<Nonconformity>(id.Trim().ToUpperInvariant(), cancellationToken))?.Document;
        if (nonconformity is null) return TurnResult.Reply(OutboundMessage.Say($"There is no nonconformity {id}."));
        return TurnResult.Reply(OutboundMessage.Show(await StatusAsync(nonconformity, person, null, cancellationToken)));
    }

    public async Task<TurnResult> DoneAsync(Person person, string? id, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var (updated, refusal) = await actions.ActionTakenAsync(id?.Trim().ToUpperInvariant() ?? "", note, person, DigestConversation.IsAdmin(person), cancellationToken);
        if (updated is null) return TurnResult.Reply(OutboundMessage.Say(refusal!));

        // The compliance admins (other than the owner) are asked to verify it.
        var verifiers = (await store.ListAsync<Person>(cancellationToken)).Select(p => p.Document)
            .Where(p => DigestConversation.IsAdmin(p) && p.Id != updated.OwnerId && p.LeftOn is null).ToList();
        var notices = new List<Notice>();
        foreach (var verifier in verifiers)
        {
            notices.Add(new Notice(verifier.Id, OutboundMessage.Show(await StatusAsync(updated, verifier, null, cancellationToken)) with
            {
                Text = $"{person.DisplayName} says the corrective action for {updated.Id} is in place: was it effective?",
            }));
        }

        var outcome = verifiers.Count > 0
            ? "Recorded. A compliance admin verifies it next."
            : "Recorded. Nobody can verify it yet: give someone other than the owner the compliance-admin role.";
        return TurnResult.Replace(await StatusAsync(updated, person, outcome, cancellationToken), [.. notices]);
    }

    public async Task<TurnResult> VerifyAsync(Person person, string? id, bool effective, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (!DigestConversation.IsAdmin(person)) return TurnResult.Reply(OutboundMessage.Say("Only a compliance admin verifies corrective actions."));
        var key = id?.Trim().ToUpperInvariant() ?? "";
        var (updated, refusal) = await actions.VerifyAsync(key, effective, note, person, cancellationToken);
        if (updated is null)
        {
            if (!effective && string.IsNullOrWhiteSpace(note) && (await store.FindAsync<Nonconformity>(key, cancellationToken))?.Document is { Status: NonconformityStatus.AwaitingVerification } waiting)
                return TurnResult.Invalid(await StatusAsync(waiting, person, null, cancellationToken), [new FieldError("note", refusal!)]);
            return TurnResult.Reply(OutboundMessage.Say(refusal!));
        }

        var outcome = effective
            ? $"Verified effective by {person.DisplayName}: {updated.Id} is closed."
            : $"Not effective ({updated.VerificationNote}): {updated.Id} is open again, due {CardInputs.Day(updated.DueOn)}.";
        return TurnResult.Replace(
            await StatusAsync(updated, person, outcome, cancellationToken),
            new Notice(updated.OwnerId, OutboundMessage.Say($"{updated.Id}: {outcome}")));
    }

    private static NonconformitySource SourceOf(string? text) =>
        Enum.TryParse<NonconformitySource>(text, ignoreCase: true, out var source) && Enum.IsDefined(source) ? source : NonconformitySource.Manual;

    private static CardView Form(NonconformitySource source, string sourceRef, Control? control, JsonObject values, Person? owner, List<FieldError> errors)
    {
        foreach (var field in Fields) values[field] ??= "";
        var ownerValue = CardInputs.Text(values, "owner");
        return new CardView(FormTemplate, new JsonObject
        {
            ["context"] = Context(source, sourceRef) + (control is null ? "" : $" Control {control.Id} {control.Name}."),
            ["source"] = source.ToString(),
            ["sourceRef"] = sourceRef,
            ["controlId"] = control?.Id ?? "",
            ["hasErrors"] = errors.Count > 0,
            ["errors"] = CardInputs.Errors(errors),
            ["ownerChoices"] = ownerValue is null ? new JsonArray() : new JsonArray(new JsonObject { ["id"] = ownerValue, ["name"] = owner?.DisplayName ?? ownerValue }),
            ["values"] = values,
        });
    }

    private static string Context(NonconformitySource source, string sourceRef) => source switch
    {
        NonconformitySource.NotOperating => $"From the {sourceRef.Replace(':', ' ')} attestation: not operating.",
        NonconformitySource.EvidenceRejected => $"From rejected evidence {sourceRef}.",
        NonconformitySource.InternalAudit => $"From internal-audit finding {sourceRef}.",
        _ => "Raised by hand.",
    };

    /// <param name="viewer">Who sees the card: the owner may record the action, a compliance admin verify it.</param>
    private async Task<CardView> StatusAsync(Nonconformity nc, Person viewer, string? outcome, CancellationToken cancellationToken)
    {
        var owner = (await store.FindAsync<Person>(nc.OwnerId, cancellationToken))?.Document;
        var today = policy.Today(time.GetUtcNow());
        var canAct = nc.Status == NonconformityStatus.Open && (viewer.Id == nc.OwnerId || DigestConversation.IsAdmin(viewer));
        var canVerify = nc.Status == NonconformityStatus.AwaitingVerification && viewer.Id != nc.OwnerId && DigestConversation.IsAdmin(viewer);
        return new CardView(StatusTemplate, new JsonObject
        {
            ["id"] = nc.Id,
            ["status"] = CorrectiveActions.Describe(nc.Status),
            ["hasOutcome"] = outcome is not null,
            ["outcome"] = outcome ?? "",
            ["source"] = Context(nc.Source, nc.SourceRef) + (nc.ControlId is null ? "" : $" ({nc.ControlId})"),
            ["whatHappened"] = nc.WhatHappened,
            ["correction"] = nc.Correction.Length > 0 ? nc.Correction : "—",
            ["cause"] = nc.Cause.Length > 0 ? nc.Cause : "—",
            ["correctiveAction"] = nc.CorrectiveAction,
            ["owner"] = owner?.DisplayName ?? nc.OwnerId,
            ["due"] = nc.Status == NonconformityStatus.Open ? CardInputs.DueStatus(nc.DueOn, today) : CardInputs.Day(nc.DueOn),
            ["verification"] = nc.Status switch
            {
                NonconformityStatus.Closed => $"Effective, verified {CardInputs.Day(nc.VerifiedOn!.Value)} by {nc.VerifiedBy}",
                NonconformityStatus.AwaitingVerification => $"Action taken {CardInputs.Day(nc.ActionTakenOn!.Value)}{(nc.ActionNote is null ? "" : $": {nc.ActionNote}")}; waiting for a compliance admin",
                _ => nc.Reopened > 0 ? $"Not effective last time: {nc.VerificationNote}" : "Not yet",
            },
            ["canAct"] = canAct,
            ["canVerify"] = canVerify,
            ["noteLabel"] = canVerify ? "Note (needed when not effective)" : "What was done (optional)",
        });
    }
}
