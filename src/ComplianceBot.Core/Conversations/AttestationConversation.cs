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
/// the answer the card is replaced by the answered card, so no stale buttons remain; "not operating" offers a risk.
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
        return TurnResult.Reply(OutboundMessage.Show(Card(control, book.PeriodToAttest(control), new JsonObject(), [])));
    }

    public async Task<TurnResult> SubmitAsync(Person person, JsonObject data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(data);
        var (control, refusal) = await ControlForAsync(person, CardInputs.Text(data, "controlId"), cancellationToken);
        if (control is null) return TurnResult.Reply(OutboundMessage.Say(refusal!));

        // The card's own period, not today's: a Q3 card answered in October is a Q3 answer.
        var asked = CardInputs.Text(data, "period");
        var period = ReportingPeriod.TryParse(asked, control.Cadence, out var onCard) ? onCard : book.PeriodToAttest(control);
        var values = new JsonObject
        {
            ["result"] = CardInputs.Text(data, "result") ?? "", ["comment"] = CardInputs.Text(data, "comment") ?? "",
            ["occurrences"] = CardInputs.Text(data, "occurrences") ?? "", ["references"] = CardInputs.Text(data, "references") ?? "",
        };
        if (!TryParseResult(CardInputs.Text(data, "result"), out var result))
        {
            FieldError[] missing = [new("result", "Choose whether the control operated.")];
            return TurnResult.Invalid(Card(control, period, values, missing), missing);
        }

        int? occurrences = null;
        if (control.EventDriven && CardInputs.Text(data, "occurrences") is { } count)
        {
            if (!int.TryParse(count, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                FieldError[] wrong = [new("occurrences", "Give the number of occurrences as a whole number, e.g. 12.")];
                return TurnResult.Invalid(Card(control, period, values, wrong), wrong);
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
                new AttestationAnswer(control.Id, person.Id, result, CardInputs.Text(data, "comment"), [], asked, occurrences, references), cancellationToken);
        }
        catch (ValidationFailedException failed)
        {
            return TurnResult.Invalid(Card(control, period, values, failed.Errors), failed.Errors);
        }
        catch (NotPermittedException denied)
        {
            return TurnResult.Reply(OutboundMessage.Say(denied.Message));
        }

        return TurnResult.Replace(new CardView(AnsweredTemplate, new JsonObject
        {
            ["controlId"] = control.Id,
            ["period"] = answered.Period,
            ["resultText"] = Describe(result, control.EventDriven),
            ["eventDriven"] = control.EventDriven,
            ["occurrences"] = answered.Occurrences is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "—",
            ["references"] = answered.References.Count > 0 ? string.Join(", ", answered.References) : "—",
            ["attestor"] = person.DisplayName,
            ["answeredOn"] = CardInputs.Day(policy.Today(answered.AnsweredAt!.Value)),
            ["late"] = answered.Late,
            ["dueDate"] = CardInputs.Day(answered.DueOn),
            ["comment"] = answered.Comment ?? "—",
            ["offerRisk"] = result == AttestationResult.NotOperating,
        }));
    }

    /// <summary>The empty attestation card for the period the control is attested for today (what a campaign sends the owner).</summary>
    public CardView RequestCard(Control control) => Card(control, book.PeriodToAttest(control), new JsonObject(), []);

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
