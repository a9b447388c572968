using System.Text.Json.Nodes;
using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Library;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// Control attestation: the owner (or delegate) answers the control's question about a period that has ended (the
/// card names it; the answer is recorded for that period whatever day it comes). After
/// the answer the card is replaced by the answered card, so no stale buttons remain; "not operating" offers a risk;
/// "not applicable" goes to the compliance admins (<see cref="NotApplicableApprovalConversation"/>).
/// </summary>
public sealed class AttestationConversation(IComplianceStore store, AttestationBook book, CompliancePolicy policy, TimeProvider time) : IConversation
{
    public const string Template = "attestation";
    public const string AnsweredTemplate = "attestation-answered";
    public const string OpenAction = "attest.open";
    public const string SubmitAction = "attest.submit";

    public IEnumerable<ChatAction> Actions =>
    [
        new(OpenAction, OpensForm: true, (request, cancellationToken) => OpenAsync(request.Person, request.Text("controlId"), cancellationToken))
        {
            // "attest" alone lists the person's open attestations to choose from.
            Command = new("attest")
            {
                ArgumentField = "controlId", BareActionId = TasksConversation.ShowAction, Help = new("attest AC-01", "Answer a control's attestation"),
            },
        },
        new(SubmitAction, OpensForm: false, (request, cancellationToken) => SubmitAsync(request.Person, request.Data, cancellationToken)),
    ];

    public async Task<TurnResult> OpenAsync(Person person, string? controlId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var (control, refusal) = await ControlForAsync(person, controlId, cancellationToken);
        if (control is null) return TurnResult.Reply(OutboundMessage.Say(refusal!));
        return book.PeriodToAttest(control) is { } period
            ? TurnResult.Reply(OutboundMessage.Show(await CardAsync(control, period, new JsonObject(), [], cancellationToken)))
            : TurnResult.Reply(OutboundMessage.Say(book.FirstAttestationNote(control)));
    }

    public async Task<TurnResult> SubmitAsync(Person person, JsonObject data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(data);
        var (control, refusal) = await ControlForAsync(person, CardInputs.Text(data, "controlId"), cancellationToken);
        if (control is null) return TurnResult.Reply(OutboundMessage.Say(refusal!));

        // The card's own period, not today's: a Q3 card answered in October is a Q3 answer.
        var asked = CardInputs.Text(data, "period");
        if ((ReportingPeriod.TryParse(asked, control.Cadence, out var onCard) ? onCard : book.PeriodToAttest(control)) is not { } period)
            return TurnResult.Reply(OutboundMessage.Say(book.FirstAttestationNote(control)));
        var values = new JsonObject
        {
            ["result"] = CardInputs.Text(data, "result") ?? "", ["comment"] = CardInputs.Text(data, "comment") ?? "",
            ["occurrences"] = CardInputs.Text(data, "occurrences") ?? "", ["references"] = CardInputs.Text(data, "references") ?? "",
        };
        if (CardInputs.Text(data, "evidenceIds") is { } ticked) values["evidenceIds"] = ticked;
        if (!TryParseResult(CardInputs.Text(data, "result"), out var result))
        {
            FieldError[] missing = [new("result", "Choose whether the control operated.")];
            return TurnResult.Invalid(await CardAsync(control, period, values, missing, cancellationToken), missing);
        }

        int? occurrences = null;
        if (control.EventDriven && CardInputs.Text(data, "occurrences") is { } count)
        {
            if (!int.TryParse(count, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                FieldError[] wrong = [new("occurrences", "Give the number of occurrences as a whole number, e.g. 12.")];
                return TurnResult.Invalid(await CardAsync(control, period, values, wrong, cancellationToken), wrong);
            }

            occurrences = parsed;
        }

        var references = control.EventDriven
            ? (CardInputs.Text(data, "references") ?? "").Split([',', ';', '\n', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

        Attestation answered;
        try
        {
            answered = await book.AnswerAsync(
                new AttestationAnswer(control.Id, person.Id, result, CardInputs.Text(data, "comment"), CardInputs.List(data, "evidenceIds"), asked, occurrences, references), cancellationToken);
        }
        catch (ValidationFailedException failed)
        {
            return TurnResult.Invalid(await CardAsync(control, period, values, failed.Errors, cancellationToken), failed.Errors);
        }
        catch (NotPermittedException denied)
        {
            return TurnResult.Reply(OutboundMessage.Say(denied.Message));
        }

        // "Not applicable" waits for a compliance admin (not the person who answered): each gets the card.
        var admins = result == AttestationResult.NotApplicable
            ? (await store.ListAsync<Person>(cancellationToken)).Select(p => p.Document)
                .Where(p => Digests.DigestConversation.IsAdmin(p) && !string.Equals(p.Id, person.Id, StringComparison.OrdinalIgnoreCase))
                .ToList()
            : [];
        var approvalCard = admins.Count > 0 ? NotApplicableApprovalConversation.ApprovalCard(control, answered, person.DisplayName, null, new JsonObject(), []) : null;
        var notices = admins.Select(a => new Notice(a.Id, OutboundMessage.Show(approvalCard!))).ToArray();
        var approval = result != AttestationResult.NotApplicable ? ""
            : admins.Count > 0 ? $"Sent to {string.Join(", ", admins.Select(a => a.DisplayName))} for approval; until approved, {control.Id} counts as not answered."
            : $"No compliance admin other than you can approve it yet; until one does, {control.Id} counts as not answered.";
        // "Operated" counts only with approved evidence for the period: say what is missing, and offer the upload.
        var operated = result is AttestationResult.Operating or AttestationResult.Partially;
        var filed = operated || answered.EvidenceIds.Count > 0 ? await store.ListEvidenceForControlAsync(control.Id, cancellationToken) : [];
        var evidenceShort = operated ? MissingEvidence(control, answered, filed) : null;
        var linkedNames = filed.Where(e => answered.EvidenceIds.Contains(e.Id, StringComparer.Ordinal)).Select(e => e.FileName).ToList();
        return TurnResult.Replace(new CardView(AnsweredTemplate, new JsonObject
        {
            ["controlId"] = control.Id,
            ["period"] = answered.Period,
            ["offerUpload"] = evidenceShort is not null,
            ["missingEvidence"] = evidenceShort ?? "",
            ["hasApproval"] = approval.Length > 0,
            ["approval"] = approval,
            ["resultText"] = Describe(result, control.EventDriven),
            ["eventDriven"] = control.EventDriven,
            ["occurrences"] = answered.Occurrences is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "—",
            ["references"] = answered.References.Count > 0 ? string.Join(", ", answered.References) : "—",
            ["attestor"] = person.DisplayName,
            ["answeredOn"] = CardInputs.Day(policy.Today(answered.AnsweredAt!.Value)),
            ["late"] = answered.Late,
            ["dueDate"] = CardInputs.Day(answered.DueOn),
            ["comment"] = answered.Comment ?? "—",
            ["linkedEvidence"] = linkedNames.Count > 0 ? string.Join(", ", linkedNames) : "none",
            ["offerRisk"] = result == AttestationResult.NotOperating,
            ["attestationId"] = answered.Id,
        }), notices);
    }

    /// <summary>What keeps the answer from counting for lack of evidence, or null when approved evidence supports the period.</summary>
    private static string? MissingEvidence(Control control, Attestation answered, IEnumerable<Evidence> filed)
    {
        if (!ReportingPeriod.TryParse(answered.Period, control.Cadence, out var period)) return null;
        var from = Coverage.ControlEvaluator.EvidenceFrom(control, period);
        var supporting = Supporting(control, period, filed);
        var expected = control.ExpectedEvidence.Count > 0 ? $" Expected: {string.Join("; ", control.ExpectedEvidence)}." : "";
        if (supporting.Any(e => e.Review == EvidenceReview.Approved)) return null;
        return supporting.Count > 0
            ? $"{control.Id} counts once its evidence for {period.Key} is approved: {string.Join(", ", supporting.Select(e => e.FileName))} {(supporting.Count == 1 ? "is" : "are")} still with the reviewer or rejected.{expected}"
            : $"{control.Id} counts once it has approved evidence dated {CardInputs.Day(from)} to {CardInputs.Day(period.End)}; none is filed yet.{expected}";
    }

    /// <summary>The empty attestation card for the period the control is attested for today (what a campaign sends the owner); null before its first period ended.</summary>
    public async Task<CardView?> RequestCardAsync(Control control, CancellationToken cancellationToken = default) =>
        book.PeriodToAttest(control) is { } period ? await CardAsync(control, period, new JsonObject(), [], cancellationToken) : null;

    public static string Describe(AttestationResult result, bool eventDriven = false) => result switch
    {
        AttestationResult.Operating => eventDriven ? "Yes, on every occurrence" : "Yes, it operated as described",
        AttestationResult.Partially => eventDriven ? "On some occurrences only" : "Partially",
        AttestationResult.NotOperating => "No, it did not operate",
        AttestationResult.NoOccurrences => "Nothing occurred this period (counts as operated)",
        _ => "Not applicable this period",
    };

    /// <summary>The answers the card offers: event-driven controls answer about occurrences.</summary>
    private static JsonArray Choices(Control control)
    {
        AttestationResult[] results = control.EventDriven
            ? [AttestationResult.Operating, AttestationResult.NoOccurrences, AttestationResult.Partially, AttestationResult.NotOperating, AttestationResult.NotApplicable]
            : [AttestationResult.Operating, AttestationResult.Partially, AttestationResult.NotOperating, AttestationResult.NotApplicable];
        return new JsonArray(results.Select(r => (JsonNode)new JsonObject
        {
            ["title"] = Describe(r, control.EventDriven),
            ["value"] = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(r.ToString()),
        }).ToArray());
    }

    private static bool TryParseResult(string? text, out AttestationResult result) =>
        Enum.TryParse(text, ignoreCase: true, out result) && Enum.IsDefined(result);

    private async Task<(Control? Control, string? Refusal)> ControlForAsync(Person person, string? controlId, CancellationToken cancellationToken)
    {
        var id = controlId?.Trim().ToUpperInvariant();
        if (!ControlLibrary.IsValidControlId(id))
            return (null, "Which control? Send 'attest' with its id, e.g. 'attest AC-01', or open 'tasks'.");
        var control = (await store.FindAsync<Control>(id!, cancellationToken))?.Document;
        if (control is null) return (null, $"There is no control {id}.");
        if (!control.IsAnsweredBy(person.Id))
        {
            var owner = control.OwnerId is null ? null : (await store.FindAsync<Person>(control.OwnerId, cancellationToken))?.Document;
            return (null, owner is null
                ? $"{control.Id} has no owner yet, so nobody can attest it. Ask your compliance team to assign one."
                : $"Only {owner.DisplayName} (the owner) or the delegate can attest {control.Id}.");
        }

        return (control, null);
    }

    /// <summary>
    /// The attestation card, listing the control's evidence for the period (dated within it or the freshness window
    /// before its end): files that can support the answer are offered to link (all ticked at first), rejected ones
    /// are listed with the reason.
    /// </summary>
    private async Task<CardView> CardAsync(Control control, ReportingPeriod period, JsonObject values, IReadOnlyList<FieldError> errors, CancellationToken cancellationToken)
    {
        var from = Coverage.ControlEvaluator.EvidenceFrom(control, period);
        var supporting = Supporting(control, period, await store.ListEvidenceForControlAsync(control.Id, cancellationToken));
        var linkable = supporting.Where(e => e.Review != EvidenceReview.Rejected).ToList();
        var rejected = supporting.Where(e => e.Review == EvidenceReview.Rejected).ToList();
        values["evidenceIds"] ??= string.Join(',', linkable.Select(e => e.Id));
        var card = Card(control, period, values, errors);
        card.Data["hasEvidence"] = linkable.Count > 0;
        card.Data["evidence"] = new JsonArray(linkable.Select(e => (JsonNode)new JsonObject
        {
            ["title"] = $"{e.FileName} · {CardInputs.Day(e.EffectiveOn)} · {ReviewText(e.Review)}", ["value"] = e.Id,
        }).ToArray());
        card.Data["rejected"] = new JsonArray(rejected.Select(e => (JsonNode)new JsonObject
        {
            ["fileName"] = e.FileName, ["effectiveDate"] = CardInputs.Day(e.EffectiveOn), ["reason"] = e.ReviewNote ?? "no reason given",
        }).ToArray());
        card.Data["noEvidence"] = linkable.Count == 0;
        card.Data["evidenceWindow"] = $"{CardInputs.Day(from)} to {CardInputs.Day(period.End)}";
        return card;
    }

    private static string ReviewText(EvidenceReview review) => review switch
    {
        EvidenceReview.Approved => "approved",
        EvidenceReview.Rejected => "rejected",
        EvidenceReview.AwaitingOwner => "waiting for the owner",
        _ => "with the reviewer",
    };

    /// <summary>Of the control's <paramref name="filed"/> evidence, in any review state, what can support <paramref name="period"/>.</summary>
    private static List<Evidence> Supporting(Control control, ReportingPeriod period, IEnumerable<Evidence> filed)
    {
        var from = Coverage.ControlEvaluator.EvidenceFrom(control, period);
        return filed
            .Where(e => e.EffectiveOn >= from && e.EffectiveOn <= period.End && (e.ExpiresOn is null || e.ExpiresOn >= period.End))
            .ToList();
    }

    private CardView Card(Control control, ReportingPeriod period, JsonObject values, IReadOnlyList<FieldError> errors)
    {
        values["result"] ??= "";
        values["comment"] ??= "";
        values["occurrences"] ??= "";
        values["references"] ??= "";
        return new CardView(Template, new JsonObject
        {
            ["controlId"] = control.Id,
            ["controlName"] = control.Name,
            ["period"] = period.Key,
            ["periodStart"] = CardInputs.Day(period.Start),
            ["periodEnd"] = CardInputs.Day(period.End),
            ["dueDate"] = CardInputs.Day(policy.DueOn(control, period)),
            ["dueStatus"] = CardInputs.DueStatus(policy.DueOn(control, period), policy.Today(time.GetUtcNow())),
            ["question"] = control.AttestationQuestion,
            ["eventDriven"] = control.EventDriven,
            ["choices"] = Choices(control),
            ["expectedEvidence"] = control.ExpectedEvidence.Count > 0 ? string.Join("; ", control.ExpectedEvidence) : "none specified",
            ["hasErrors"] = errors.Count > 0,
            ["errors"] = CardInputs.Errors(errors),
            ["values"] = values,
        });
    }
}
