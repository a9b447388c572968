using System.Globalization;
using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Risks;

/// <summary>Raises risks into the register, numbering them RISK-0001, RISK-0002, …</summary>
public sealed class RiskRegister(IComplianceStore store, AuditTrail audit, CompliancePolicy policy, TimeProvider time)
{
    private const string CounterId = "risk";

    public async Task<Risk> RaiseAsync(RiskDraft draft, string raisedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = await ValidateAsync(draft, cancellationToken);
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        var number = await NextNumberAsync(cancellationToken);
        var risk = new Risk
        {
            Id = "RISK-" + number.ToString("D4", CultureInfo.InvariantCulture),
            Title = draft.Title!.Trim(),
            Description = draft.Description?.Trim() ?? "",
            Category = RiskCategories.Normalise(draft.Category)!,
            Inherent = new RiskRating(draft.Likelihood!.Value, draft.Impact!.Value),
            Treatment = draft.Treatment ?? RiskTreatment.Mitigate,
            OwnerId = Person.IdFor(draft.OwnerEmail!),
            LinkedControlIds = draft.LinkedControlIds.Select(c => c.Trim().ToUpperInvariant()).Distinct().ToList(),
            ReviewOn = draft.ReviewOn!.Value,
            RaisedBy = raisedBy,
            RaisedAt = time.GetUtcNow(),
        };
        await store.CreateAsync(risk, cancellationToken);
        await audit.RecordAsync(raisedBy, "risk.raised", Risk.Kind, risk.Id,
            $"score={risk.Inherent.Score} level={risk.Inherent.Level} owner={risk.OwnerId}", cancellationToken);
        return risk;
    }

    public async Task<IReadOnlyList<FieldError>> ValidateAsync(RiskDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<FieldError>();
        var title = draft.Title?.Trim() ?? "";
        if (title.Length < 5) errors.Add(new("title", "Give the risk a title of at least 5 characters."));
        else if (title.Length > 120) errors.Add(new("title", "Keep the title under 120 characters."));
        if (draft.Description?.Length > 4000) errors.Add(new("description", "Keep the description under 4,000 characters."));
        if (RiskCategories.Normalise(draft.Category) is null)
            errors.Add(new("category", $"Choose a category: {string.Join(", ", RiskCategories.All)}."));
        if (draft.Likelihood is not { } likelihood || !RiskRating.IsValidFactor(likelihood))
            errors.Add(new("likelihood", "Rate likelihood from 1 (rare) to 5 (almost certain)."));
        if (draft.Impact is not { } impact || !RiskRating.IsValidFactor(impact))
            errors.Add(new("impact", "Rate impact from 1 (negligible) to 5 (severe)."));
        if (string.IsNullOrWhiteSpace(draft.OwnerEmail))
            errors.Add(new("owner", "Name the risk owner."));
        else if ((await store.FindAsync<Person>(Person.IdFor(draft.OwnerEmail), cancellationToken))?.Document is not { } owner)
            errors.Add(new("owner", $"{draft.OwnerEmail} is not someone ComplianceBot knows."));
        else if (owner.LeftOn is not null)
            errors.Add(new("owner", $"{owner.DisplayName} has left the organisation: name someone else."));
        foreach (var id in draft.LinkedControlIds)
        {
            if (await store.FindAsync<Control>(id.Trim().ToUpperInvariant(), cancellationToken) is null)
                errors.Add(new("controls", $"There is no control {id}."));
        }

        var today = policy.Today(time.GetUtcNow());
        if (draft.ReviewOn is not { } review)
            errors.Add(new("reviewDate", "Choose when the risk is next reviewed."));
        else if (review <= today || review > today.AddYears(2))
            errors.Add(new("reviewDate", "The review date must be after today and within two years."));
        return errors;
    }

    private async Task<long> NextNumberAsync(CancellationToken cancellationToken) =>
        (await store.UpdateOrCreateAsync<Counter>(
            CounterId, c => new Counter { Id = CounterId, Value = (c?.Value ?? 0) + 1 }, cancellationToken)).Value;
}
