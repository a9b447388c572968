using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Risks;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// Reviewing a risk (its owner or a compliance admin): re-rate inherent and residual, change the treatment and the
/// status, say what the review found, set the next review. Proposing acceptance sends the risk owner a card to
/// approve or reject it; only then is the risk accepted, until the expiry proposed.
/// </summary>
public sealed class RiskReviewConversation(IComplianceStore store, RiskRegister register, ChatPeople people, CompliancePolicy policy, TimeProvider time) : IConversation
{
    public const string ReviewTemplate = "risk-review";
    public const string AcceptanceTemplate = "risk-acceptance";
    public const string OpenAction = "risk.review";
    public const string SubmitAction = "risk.review.submit";
    public const string ApproveAction = "risk.accept.approve";
    public const string RejectAction = "risk.accept.reject";
    public const string DoneAction = "risk.action.done";

    private static readonly string[] Fields =
        [
            "likelihood", "impact", "residualLikelihood", "residualImpact", "treatment", "treatmentPlan", "status", "justification", "acceptUntil",
            "actionDescription", "actionOwner", "actionDue", "comment", "reviewDate",
        ];

    public IEnumerable<ChatAction> Actions =>
    [
        new(OpenAction, OpensForm: true, (request, cancellationToken) => OpenAsync(request.Person, request.Text("riskId"), cancellationToken))
        {
            Command = new("review") { ArgumentField = "riskId", Help = new("review RISK-0001", "Review a risk you own: ratings, treatment, status") },
        },
        new(SubmitAction, OpensForm: false, (request, cancellationToken) => SubmitAsync(request.Person, request.Turn, request.Data, cancellationToken)),
        new(DoneAction, OpensForm: false, (request, cancellationToken) => CompleteAsync(request.Person, request.Text("actionId"), cancellationToken))
        {
            Command = new("done") { ArgumentField = "actionId", Help = new("done RISK-0001/1", "Mark a risk treatment action done") },
        },
        new(ApproveAction, OpensForm: false, (request, cancellationToken) => DecideAsync(request.Person, request.Text("riskId"), true, request.Text("reason"), cancellationToken)),
        new(RejectAction, OpensForm: false, (request, cancellationToken) => DecideAsync(request.Person, request.Text("riskId"), false, request.Text("reason"), cancellationToken)),
    ];

    public async Task<TurnResult> OpenAsync(Person person, string? riskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (string.IsNullOrWhiteSpace(riskId)) return TurnResult.Reply(OutboundMessage.Say("Say which risk: review RISK-0001."));
        var (risk, refusal) = await ReviewableAsync(person, riskId.Trim().ToUpperInvariant(), cancellationToken);
        if (risk is null) return TurnResult.Reply(OutboundMessage.Say(refusal!));
        var values = new JsonObject
        {
            ["likelihood"] = Number(risk.Inherent.Likelihood),
            ["impact"] = Number(risk.Inherent.Impact),
            ["residualLikelihood"] = risk.Residual is null ? "" : Number(risk.Residual.Likelihood),
            ["residualImpact"] = risk.Residual is null ? "" : Number(risk.Residual.Impact),
            ["treatment"] = risk.Treatment.ToString().ToLowerInvariant(),
            ["treatmentPlan"] = risk.TreatmentPlan,
            ["status"] = risk.Status switch { RiskStatus.InTreatment => "treating", RiskStatus.Closed => "closed", RiskStatus.Accepted => "treating", _ => "open" },
            ["reviewDate"] = CardInputs.Day(policy.Today(time.GetUtcNow()).AddDays(90)),
        };
        return TurnResult.Reply(OutboundMessage.Show(await FormAsync(risk, values, [], cancellationToken)));
    }

    public async Task<TurnResult> SubmitAsync(Person person, ChatTurn turn, JsonObject data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(data);
        var riskId = CardInputs.Text(data, "riskId")?.ToUpperInvariant() ?? "";
        var (risk, refusal) = await ReviewableAsync(person, riskId, cancellationToken);
        if (risk is null) return TurnResult.Reply(OutboundMessage.Say(refusal!));

        var (next, nextMalformed) = CardInputs.Date(data, "reviewDate");
        var (until, untilMalformed) = CardInputs.Date(data, "acceptUntil");
        var (actionDue, actionDueMalformed) = CardInputs.Date(data, "actionDue");
        var pickedOwner = CardInputs.Text(data, "actionOwner");
        var actionOwner = pickedOwner is null ? null : await people.FindPickedAsync(turn, pickedOwner, cancellationToken);
        var treatmentText = CardInputs.Text(data, "treatment");
        var treatment = Enum.TryParse<RiskTreatment>(treatmentText, ignoreCase: true, out var t) && Enum.IsDefined(t) ? t : (RiskTreatment?)null;
        var draft = new RiskReviewDraft(
            CardInputs.Number(data, "likelihood"), CardInputs.Number(data, "impact"), CardInputs.Number(data, "residualLikelihood"), CardInputs.Number(data, "residualImpact"),
            treatment, CardInputs.Text(data, "treatmentPlan"), CardInputs.Text(data, "status"), CardInputs.Text(data, "comment"), next,
            CardInputs.Text(data, "justification"), until)
        {
            NewAction = (CardInputs.Text(data, "actionDescription"), actionOwner?.Email ?? pickedOwner, actionDue),
        };
        var (reviewed, errors) = await register.ReviewAsync(risk.Id, draft, person, cancellationToken);
        var all = errors.ToList();
        if (treatmentText is not null && treatment is null) all.Add(new FieldError("treatment", "Choose mitigate, transfer, avoid or accept."));
        if (nextMalformed) all.Add(new FieldError("reviewDate", "Give the next review as a date (YYYY-MM-DD)."));
        if (untilMalformed) all.Add(new FieldError("acceptUntil", "Give the expiry as a date (YYYY-MM-DD)."));
        if (actionDueMalformed) all.Add(new FieldError("actionDue", "Give the action's due date as a date (YYYY-MM-DD)."));
        if (reviewed is null || all.Count > 0)
        {
            var echo = new JsonObject();
            foreach (var field in Fields) echo[field] = CardInputs.Text(data, field) ?? "";
            return TurnResult.Invalid(await FormAsync(risk, echo, all, cancellationToken), all);
        }

        var owner = await NameAsync(reviewed.OwnerId, cancellationToken);
        var outcome = $"Review of {reviewed.Id} recorded: {RiskCards.Status(reviewed.Status).ToLowerInvariant()}, " +
            $"residual {RiskCards.Rating(register.Criteria, reviewed.Residual)}, next review {CardInputs.Day(reviewed.ReviewOn)}.";
        if (!string.Equals(draft.Status, "accept", StringComparison.OrdinalIgnoreCase))
            return TurnResult.Replace(Recorded(reviewed, owner, outcome));

        // Acceptance proposed: the owner decides on a card (the proposer's own, when they own the risk).
        var approval = AcceptanceCard(reviewed, person.DisplayName, done: false, outcome: "");
        if (reviewed.OwnerId == person.Id)
            return new TurnResult([OutboundMessage.Show(approval)], Recorded(reviewed, owner, outcome + " As its owner, approve the acceptance below."));
        return TurnResult.Replace(
            Recorded(reviewed, owner, outcome + $" Acceptance sent to {owner} to approve."),
            new Notice(reviewed.OwnerId, OutboundMessage.Show(approval) with { Text = $"{person.DisplayName} proposes accepting {reviewed.Id}: you decide." }));
    }

    public async Task<TurnResult> DecideAsync(Person person, string? riskId, bool approve, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var id = riskId?.Trim().ToUpperInvariant() ?? "";
        var pending = (await store.FindAsync<Risk>(id, cancellationToken))?.Document;
        var (risk, refusal) = await register.DecideAcceptanceAsync(id, approve, reason, person, cancellationToken);
        if (risk is null)
        {
            // A rejection without a reason keeps the card, with the field named.
            if (!approve && pending?.Acceptance is { Decision: AcceptanceDecision.Pending } && pending.OwnerId == person.Id && string.IsNullOrWhiteSpace(reason))
            {
                var errors = new[] { new FieldError("reason", refusal!) };
                return TurnResult.Invalid(AcceptanceCard(pending, await NameAsync(pending.Acceptance.ProposedBy, cancellationToken), false, ""), errors);
            }

            return TurnResult.Reply(OutboundMessage.Say(refusal!));
        }

        var acceptance = risk.Acceptance!;
        var proposer = await NameAsync(acceptance.ProposedBy, cancellationToken);
        var outcome = approve
            ? $"Accepted by {person.DisplayName} until {CardInputs.Day(acceptance.ExpiresOn)}; it comes back for review then."
            : $"Rejected by {person.DisplayName}: {acceptance.Reason}";
        var card = AcceptanceCard(risk, proposer, done: true, outcome);
        var notices = acceptance.ProposedBy == person.Id
            ? Array.Empty<Notice>()
            : [new Notice(acceptance.ProposedBy, OutboundMessage.Say($"{risk.Id}: {outcome}"))];
        return TurnResult.Replace(card, notices);
    }

    /// <summary>A treatment action marked done by whoever does it (or the risk's owner, or a compliance admin).</summary>
    public async Task<TurnResult> CompleteAsync(Person person, string? actionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (string.IsNullOrWhiteSpace(actionId)) return TurnResult.Reply(OutboundMessage.Say("Say which action: done RISK-0001/1."));
        var (risk, action, refusal) = await register.CompleteActionAsync(actionId.Trim(), person, DigestConversation.IsAdmin(person), cancellationToken);
        if (refusal is not null) return TurnResult.Reply(OutboundMessage.Say(refusal));
        var open = risk!.Actions.Count(a => a.DoneOn is null);
        var text = $"{TreatmentAction.IdFor(risk.Id, action!.Number)} done: {action.Description}. {risk.Id} has {open} open treatment action{(open == 1 ? "" : "s")}.";
        var notices = risk.OwnerId == person.Id ? Array.Empty<Notice>() : [new Notice(risk.OwnerId, OutboundMessage.Say($"{person.DisplayName} finished {text}"))];
        return new TurnResult([OutboundMessage.Say(text)], null, null, notices);
    }

    /// <summary>The risk, when the person may review it (its owner or a compliance admin), else why not.</summary>
    private async Task<(Risk? Risk, string? Refusal)> ReviewableAsync(Person person, string riskId, CancellationToken cancellationToken)
    {
        var risk = (await store.FindAsync<Risk>(riskId, cancellationToken))?.Document;
        if (risk is null) return (null, $"There is no risk {riskId}.");
        return risk.OwnerId == person.Id || DigestConversation.IsAdmin(person)
            ? (risk, null)
            : (null, $"Only the owner of {risk.Id} or a compliance admin can review it.");
    }

    /// <summary>The review form, with the risk as it stands and <paramref name="values"/> in its inputs.</summary>
    private async Task<CardView> FormAsync(Risk risk, JsonObject values, List<FieldError> errors, CancellationToken cancellationToken)
    {
        var criteria = register.Criteria;
        var names = (await store.ListAsync<Person>(cancellationToken)).ToDictionary(p => p.Document.Id, p => p.Document.DisplayName, StringComparer.Ordinal);
        string Name(string id) => names.GetValueOrDefault(id, id);
        var last = risk.LastReviewedOn is { } on ? $"{CardInputs.Day(on)} by {Name(risk.LastReviewedBy ?? "")}: {risk.LastReviewComment}" : "Never";
        foreach (var field in Fields) values[field] ??= "";
        return new CardView(ReviewTemplate, new JsonObject
        {
            ["id"] = risk.Id,
            ["title"] = risk.Title,
            ["rating"] = $"Inherent {RiskCards.Rating(criteria, risk.Inherent)} · residual {RiskCards.Rating(criteria, risk.Residual)}",
            ["status"] = RiskCards.Status(risk.Status),
            ["owner"] = Name(risk.OwnerId),
            ["appetite"] = RiskCards.Appetite(criteria, risk),
            ["acceptance"] = RiskCards.Acceptance(risk),
            ["lastReview"] = last,
            ["actions"] = DescribeActions(risk, names),
            ["hasErrors"] = errors.Count > 0,
            ["errors"] = CardInputs.Errors(errors),
            ["ownerChoices"] = values["actionOwner"] is JsonValue picked && picked.TryGetValue<string>(out var pickedId) && pickedId.Length > 0
                ? new JsonArray(new JsonObject { ["id"] = pickedId, ["name"] = pickedId })
                : new JsonArray(),
            ["likelihoodChoices"] = RiskCards.Choices(criteria.LikelihoodChoices),
            ["impactChoices"] = RiskCards.Choices(criteria.ImpactChoices),
            ["values"] = values,
        });
    }

    /// <summary>The risk as it now stands, with what the review did; no inputs to fill.</summary>
    private CardView Recorded(Risk risk, string ownerName, string outcome) =>
        RiskCards.Saved(register.Criteria, risk, ownerName, $"{risk.Id} reviewed", outcome, []);

    private CardView AcceptanceCard(Risk risk, string proposer, bool done, string outcome) => new(AcceptanceTemplate, new JsonObject
    {
        ["id"] = risk.Id,
        ["heading"] = done ? $"{risk.Id}: acceptance decided" : $"Accept {risk.Id}?",
        ["intro"] = done ? outcome : $"{proposer} proposes accepting this risk. As its owner, you decide.",
        ["title"] = risk.Title,
        ["rating"] = $"Residual {RiskCards.Rating(register.Criteria, RiskCriteria.Current(risk))}",
        ["appetite"] = RiskCards.Appetite(register.Criteria, risk),
        ["justification"] = risk.Acceptance?.Justification ?? "",
        ["until"] = risk.Acceptance is { } a ? CardInputs.Day(a.ExpiresOn) : "",
        ["proposedBy"] = proposer,
        ["done"] = done,
        ["outcome"] = outcome,
        ["reason"] = "",
    });

    private static string DescribeActions(Risk risk, IReadOnlyDictionary<string, string> names) => risk.Actions.Count == 0
        ? "None"
        : string.Join("; ", risk.Actions.Select(a =>
            $"{TreatmentAction.IdFor(risk.Id, a.Number)} {a.Description} ({names.GetValueOrDefault(a.OwnerId, a.OwnerId)}, " +
            (a.DoneOn is { } done ? $"done {CardInputs.Day(done)})" : $"due {CardInputs.Day(a.DueOn)})")));

    private async Task<string> NameAsync(string personId, CancellationToken cancellationToken) =>
        (await store.FindAsync<Person>(personId, cancellationToken))?.Document.DisplayName ?? personId;

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
