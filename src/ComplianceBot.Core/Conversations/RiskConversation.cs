using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Risks;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// Risk intake: a form card (the owner from the platform's people picker, linked controls from the host's typeahead),
/// field-level validation, the saved risk, a warning about likely duplicates, and the owner told.
/// </summary>
public sealed class RiskConversation(IComplianceStore store, RiskRegister register, ChatPeople people, CompliancePolicy policy, TimeProvider time) : IConversation
{
    public const string FormTemplate = "risk-intake";
    public const string SavedTemplate = "risk-saved";
    public const string OpenAction = "risk.open";
    public const string SubmitAction = "risk.submit";

    private const int MaxQuickPicks = 10;

    private static readonly string[] Fields =
        ["title", "description", "category", "likelihood", "impact", "residualLikelihood", "residualImpact", "owner", "treatment", "treatmentPlan", "controls", "reviewDate"];

    public IEnumerable<ChatAction> Actions =>
    [
        new(OpenAction, OpensForm: true, (request, cancellationToken) => OpenAsync(request.Person, request.Turn.User, request.Text("controlId"), cancellationToken))
        {
            Command = new("risk") { Aliases = ["risks"], ArgumentField = "controlId", Help = new("risk", "Raise a risk for the register") },
        },
        new(SubmitAction, OpensForm: false, (request, cancellationToken) => SubmitAsync(request.Person, request.Turn, request.Data, cancellationToken)),
    ];

    /// <summary>The form, with the person themself as owner (as their platform's picker names them) and the control they came from linked.</summary>
    public async Task<TurnResult> OpenAsync(Person person, ChatUser user, string? controlId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(user);
        var values = new JsonObject
        {
            ["owner"] = user.DirectoryId ?? person.DirectoryId ?? person.Email,
            ["treatment"] = "mitigate",
            ["controls"] = controlId?.Trim().ToUpperInvariant() ?? "",
            ["reviewDate"] = CardInputs.Day(policy.Today(time.GetUtcNow()).AddDays(90)),
        };
        return TurnResult.Reply(OutboundMessage.Show(await FormAsync(person, values, person, [], cancellationToken)));
    }

    public async Task<TurnResult> SubmitAsync(Person person, ChatTurn turn, JsonObject data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(data);
        // The people picker gives a platform id (an email typed by hand still works): the register knows people by email.
        var picked = CardInputs.Text(data, "owner");
        var owner = picked is null ? null : await people.FindPickedAsync(turn, picked, cancellationToken);
        var (review, reviewMalformed) = CardInputs.Date(data, "reviewDate");
        var treatmentText = CardInputs.Text(data, "treatment");
        var treatment = Enum.TryParse<RiskTreatment>(treatmentText, ignoreCase: true, out var t) ? t : (RiskTreatment?)null;
        var draft = new RiskDraft(
            CardInputs.Text(data, "title"), CardInputs.Text(data, "description"), CardInputs.Text(data, "category"),
            CardInputs.Number(data, "likelihood"), CardInputs.Number(data, "impact"), owner?.Email ?? picked,
            treatment, CardInputs.List(data, "controls"), review)
        {
            ResidualLikelihood = CardInputs.Number(data, "residualLikelihood"),
            ResidualImpact = CardInputs.Number(data, "residualImpact"),
            TreatmentPlan = CardInputs.Text(data, "treatmentPlan"),
        };

        var errors = (await register.ValidateAsync(draft, cancellationToken)).ToList();
        if (picked is not null && owner is null)
        {
            errors.RemoveAll(e => e.Field == "owner");
            errors.Add(new FieldError("owner", "The person picked as owner is not someone ComplianceBot can reach: pick someone of the organisation."));
        }

        if (reviewMalformed)
        {
            errors.RemoveAll(e => e.Field == "reviewDate");
            errors.Add(new FieldError("reviewDate", "Give the review date as a date (YYYY-MM-DD)."));
        }
        if (treatmentText is not null && treatment is null) errors.Add(new FieldError("treatment", "Choose mitigate, accept, transfer or avoid."));
        if (errors.Count > 0) return TurnResult.Invalid(await FormAsync(person, Echo(data), owner, errors, cancellationToken), errors);

        Risk risk;
        try
        {
            risk = await register.RaiseAsync(draft, person.Id, cancellationToken);
        }
        catch (ValidationFailedException failed)
        {
            return TurnResult.Invalid(await FormAsync(person, Echo(data), owner, failed.Errors, cancellationToken), failed.Errors);
        }

        var others = (await store.ListAsync<Risk>(cancellationToken)).Select(r => r.Document)
            .Where(r => r.Id != risk.Id && r.Status != RiskStatus.Closed).ToList();
        var duplicates = RiskSimilarity.LikelyDuplicates(risk.Title, others).Take(3).ToList();
        var card = RiskCards.Saved(register.Criteria, risk, owner?.DisplayName ?? risk.OwnerId, $"{risk.Id} raised", null, duplicates);
        var notices = risk.OwnerId == person.Id
            ? []
            : new[]
            {
                new Notice(risk.OwnerId, OutboundMessage.Show(card) with
                {
                    Text = $"{person.DisplayName} raised {risk.Id} and named you its owner.",
                }),
            };
        return TurnResult.Replace(card, notices);
    }

    private static JsonObject Echo(JsonObject data)
    {
        var values = new JsonObject();
        foreach (var field in Fields) values[field] = CardInputs.Text(data, field) ?? "";
        return values;
    }

    /// <summary>
    /// The form. Its pickers load choices as the person types; the choices it carries itself are the owner named so
    /// far (so the picker shows a name, not an id) and, for controls, the ones already linked and then the person's
    /// own, as quick picks.
    /// </summary>
    private async Task<CardView> FormAsync(Person person, JsonObject values, Person? owner, IReadOnlyList<FieldError> errors, CancellationToken cancellationToken)
    {
        foreach (var field in Fields) values[field] ??= "";
        var controls = (await store.ListAsync<Control>(cancellationToken)).Select(c => c.Document).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var linked = CardInputs.List(values, "controls").Select(id => id.ToUpperInvariant()).Distinct()
            .Select(id => controls.GetValueOrDefault(id)).OfType<Control>().ToList();
        var own = controls.Values.Where(c => c.IsAnsweredBy(person.Id)).OrderBy(c => c.Id, StringComparer.Ordinal);
        var choices = linked.Concat(own.Except(linked)).Take(MaxQuickPicks)
            .Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["name"] = c.Name }).ToArray();
        values["controls"] = string.Join(",", linked.Select(c => c.Id));

        var ownerValue = CardInputs.Text(values, "owner");
        var ownerChoices = ownerValue is null ? new JsonArray() : new JsonArray(new JsonObject { ["id"] = ownerValue, ["name"] = owner?.DisplayName ?? ownerValue });
        return new CardView(FormTemplate, new JsonObject
        {
            ["hasErrors"] = errors.Count > 0,
            ["errors"] = CardInputs.Errors(errors),
            ["categories"] = new JsonArray(RiskCategories.All.Select(c => (JsonNode)c).ToArray()),
            ["likelihoodChoices"] = RiskCards.Choices(register.Criteria.LikelihoodChoices),
            ["impactChoices"] = RiskCards.Choices(register.Criteria.ImpactChoices),
            ["ownerChoices"] = ownerChoices,
            ["controlChoices"] = new JsonArray(choices),
            ["values"] = values,
        });
    }
}
