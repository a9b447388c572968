using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Risks;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Conversations;

/// <summary>Risk intake: a form card, field-level validation, the saved risk, a warning about likely duplicates, and the owner told.</summary>
public sealed class RiskConversation(IComplianceStore store, RiskRegister register, CompliancePolicy policy, TimeProvider time) : IConversation
{
    public const string FormTemplate = "risk-intake";
    public const string SavedTemplate = "risk-saved";
    public const string OpenAction = "risk.open";
    public const string SubmitAction = "risk.submit";

    private static readonly string[] Fields = ["title", "description", "category", "likelihood", "impact", "owner", "treatment", "controls", "reviewDate"];

    public IEnumerable<ChatAction> Actions =>
    [
        new(OpenAction, OpensForm: true, (request, _) => Task.FromResult(Open(request.Person, request.Text("controlId"))))
        {
            Command = new("risk") { Aliases = ["risks"], ArgumentField = "controlId", Help = new("risk", "Raise a risk for the register") },
        },
        new(SubmitAction, OpensForm: false, (request, cancellationToken) => SubmitAsync(request.Person, request.Data, cancellationToken)),
    ];

    public TurnResult Open(Person person, string? controlId)
    {
        ArgumentNullException.ThrowIfNull(person);
        var values = new JsonObject
        {
            ["owner"] = person.Email,
            ["treatment"] = "mitigate",
            ["controls"] = controlId ?? "",
            ["reviewDate"] = CardInputs.Day(policy.Today(time.GetUtcNow()).AddDays(90)),
        };
        return TurnResult.Reply(OutboundMessage.Show(Form(values, [])));
    }

    public async Task<TurnResult> SubmitAsync(Person person, JsonObject data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(data);
        var (review, reviewMalformed) = CardInputs.Date(data, "reviewDate");
        var treatmentText = CardInputs.Text(data, "treatment");
        var treatment = Enum.TryParse<RiskTreatment>(treatmentText, ignoreCase: true, out var t) ? t : (RiskTreatment?)null;
        var draft = new RiskDraft(
            CardInputs.Text(data, "title"), CardInputs.Text(data, "description"), CardInputs.Text(data, "category"),
            CardInputs.Number(data, "likelihood"), CardInputs.Number(data, "impact"), CardInputs.Text(data, "owner"),
            treatment, CardInputs.List(data, "controls"), review);

        var errors = (await register.ValidateAsync(draft, cancellationToken)).ToList();
        if (reviewMalformed)
        {
            errors.RemoveAll(e => e.Field == "reviewDate");
            errors.Add(new FieldError("reviewDate", "Give the review date as a date (YYYY-MM-DD)."));
        }
        if (treatmentText is not null && treatment is null) errors.Add(new FieldError("treatment", "Choose mitigate, accept, transfer or avoid."));
        if (errors.Count > 0) return TurnResult.Invalid(Form(Echo(data), errors), errors);

        Risk risk;
        try
        {
            risk = await register.RaiseAsync(draft, person.Id, cancellationToken);
        }
        catch (ValidationFailedException failed)
        {
            return TurnResult.Invalid(Form(Echo(data), failed.Errors), failed.Errors);
        }

        var others = (await store.ListAsync<Risk>(cancellationToken)).Select(r => r.Document)
            .Where(r => r.Id != risk.Id && r.Status != RiskStatus.Closed).ToList();
        var duplicates = RiskSimilarity.LikelyDuplicates(risk.Title, others).Take(3).ToList();
        var owner = (await store.FindAsync<Person>(risk.OwnerId, cancellationToken))?.Document;
        var card = new CardView(SavedTemplate, new JsonObject
        {
            ["id"] = risk.Id,
            ["title"] = risk.Title,
            ["score"] = risk.Inherent.Score,
            ["level"] = risk.Inherent.Level.ToString(),
            ["category"] = risk.Category,
            ["owner"] = owner?.DisplayName ?? risk.OwnerId,
            ["treatment"] = risk.Treatment.ToString(),
            ["controls"] = risk.LinkedControlIds.Count > 0 ? string.Join(", ", risk.LinkedControlIds) : "none",
            ["reviewDate"] = CardInputs.Day(risk.ReviewOn),
            ["hasDuplicates"] = duplicates.Count > 0,
            ["duplicates"] = new JsonArray(duplicates.Select(d => (JsonNode)new JsonObject
            {
                ["id"] = d.Id, ["title"] = d.Title, ["owner"] = d.OwnerId,
            }).ToArray()),
        });
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

    private static CardView Form(JsonObject values, IReadOnlyList<FieldError> errors)
    {
        foreach (var field in Fields) values[field] ??= "";
        return new CardView(FormTemplate, new JsonObject
        {
            ["hasErrors"] = errors.Count > 0,
            ["errors"] = CardInputs.Errors(errors),
            ["categories"] = new JsonArray(RiskCategories.All.Select(c => (JsonNode)c).ToArray()),
            ["values"] = values,
        });
    }
}
