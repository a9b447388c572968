using System.Globalization;
using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Risks;

/// <summary>
/// The risk register's lifecycle: risks raised (numbered RISK-0001, …) with their inherent and optional residual
/// rating; reviews that re-rate them, change the treatment and the status; acceptance proposed with a justification
/// and an expiry and decided by the risk owner; accepted risks back for review when the acceptance expires. Every
/// change is in the audit trail.
/// </summary>
public sealed class RiskRegister(IComplianceStore store, AuditTrail audit, CompliancePolicy policy, RiskCriteria criteria, TimeProvider time)
{
    private const string CounterId = "risk";
    private const int MaxAcceptanceDays = 366;

    public RiskCriteria Criteria => criteria;

    public async Task<Risk> RaiseAsync(RiskDraft draft, string raisedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = await ValidateAsync(draft, cancellationToken);
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        var number = await store.NextNumberAsync(CounterId, cancellationToken);
        var risk = new Risk
        {
            Id = "RISK-" + number.ToString("D4", CultureInfo.InvariantCulture),
            Title = draft.Title!.Trim(),
            Description = draft.Description?.Trim() ?? "",
            Category = RiskCategories.Normalise(draft.Category)!,
            Inherent = new RiskRating(draft.Likelihood!.Value, draft.Impact!.Value),
            Residual = draft.ResidualLikelihood is { } rl && draft.ResidualImpact is { } ri ? new RiskRating(rl, ri) : null,
            Treatment = draft.Treatment ?? RiskTreatment.Mitigate,
            TreatmentPlan = draft.TreatmentPlan?.Trim() ?? "",
            OwnerId = Person.IdFor(draft.OwnerEmail!),
            LinkedControlIds = draft.LinkedControlIds.Select(c => c.Trim().ToUpperInvariant()).Distinct().ToList(),
            ReviewOn = draft.ReviewOn!.Value,
            RaisedBy = raisedBy,
            RaisedAt = time.GetUtcNow(),
        };
        await store.CreateAsync(risk, cancellationToken);
        await audit.RecordAsync(raisedBy, "risk.raised", Risk.Kind, risk.Id,
            $"score={risk.Inherent.Score} level={criteria.LevelOf(risk.Inherent)} residual={Describe(risk.Residual)} owner={risk.OwnerId}", cancellationToken);
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
        ResidualErrors(draft.Likelihood, draft.Impact, draft.ResidualLikelihood, draft.ResidualImpact, errors);
        if (draft.TreatmentPlan?.Length > 2000) errors.Add(new("treatmentPlan", "Keep the treatment plan under 2,000 characters."));
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

    /// <summary>
    /// Records a review by the risk owner or a compliance admin: ratings, treatment, status, comment and the next
    /// review date. Choosing "accept" proposes acceptance (justification and expiry required); the risk is accepted
    /// only once its owner approves.
    /// </summary>
    public async Task<(Risk? Risk, IReadOnlyList<FieldError> Errors)> ReviewAsync(string riskId, RiskReviewDraft draft, Person by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(by);
        var today = policy.Today(time.GetUtcNow());
        var errors = new List<FieldError>();
        if (draft.Likelihood is not { } likelihood || !RiskRating.IsValidFactor(likelihood)) errors.Add(new("likelihood", "Rate likelihood from 1 to 5."));
        if (draft.Impact is not { } impact || !RiskRating.IsValidFactor(impact)) errors.Add(new("impact", "Rate impact from 1 to 5."));
        ResidualErrors(draft.Likelihood, draft.Impact, draft.ResidualLikelihood, draft.ResidualImpact, errors);
        var status = draft.Status?.Trim().ToLowerInvariant();
        if (status is not ("open" or "treating" or "closed" or "accept")) errors.Add(new("status", "Choose open, in treatment, closed or propose acceptance."));
        if (string.IsNullOrWhiteSpace(draft.Comment)) errors.Add(new("comment", "Say what the review found."));
        else if (draft.Comment.Length > 2000) errors.Add(new("comment", "Keep the comment under 2,000 characters."));
        if (draft.TreatmentPlan?.Length > 2000) errors.Add(new("treatmentPlan", "Keep the treatment plan under 2,000 characters."));
        if (status != "closed" && (draft.NextReview is not { } next || next <= today || next > today.AddYears(2)))
            errors.Add(new("reviewDate", "Choose the next review date, after today and within two years."));
        if (status == "accept")
        {
            if (string.IsNullOrWhiteSpace(draft.Justification) || draft.Justification.Trim().Length < 10)
                errors.Add(new("justification", "Say why the risk can be accepted (at least 10 characters)."));
            if (draft.AcceptUntil is not { } until || until <= today || until > today.AddDays(MaxAcceptanceDays))
                errors.Add(new("acceptUntil", "Choose when the acceptance expires: after today and within a year."));
        }

        var (actionText, actionOwner, actionDue) = draft.NewAction;
        var addsAction = !string.IsNullOrWhiteSpace(actionText) || !string.IsNullOrWhiteSpace(actionOwner) || actionDue is not null;
        Person? actionPerson = null;
        if (addsAction)
        {
            if (string.IsNullOrWhiteSpace(actionText) || actionText.Length > 500) errors.Add(new("actionDescription", "Say what the action is (up to 500 characters)."));
            if (string.IsNullOrWhiteSpace(actionOwner) || (actionPerson = (await store.FindAsync<Person>(Person.IdFor(actionOwner), cancellationToken))?.Document) is null)
                errors.Add(new("actionOwner", "Name who does the action: someone ComplianceBot knows."));
            else if (actionPerson.LeftOn is not null) errors.Add(new("actionOwner", $"{actionPerson.DisplayName} has left the organisation: name someone else."));
            if (actionDue is not { } due || due <= today || due > today.AddYears(2)) errors.Add(new("actionDue", "Choose when the action is due: after today and within two years."));
        }

        var stored = (await store.FindAsync<Risk>(riskId, cancellationToken))?.Document;
        if (stored is null) errors.Add(new("risk", $"There is no risk {riskId}."));
        if (errors.Count > 0) return (null, errors);

        var proposal = status == "accept"
            ? new RiskAcceptance { Justification = draft.Justification!.Trim(), ExpiresOn = draft.AcceptUntil!.Value, ProposedBy = by.Id, ProposedAt = time.GetUtcNow() }
            : null;
        var risk = (await store.UpdateAsync<Risk>(riskId, r => r with
        {
            Inherent = new RiskRating(draft.Likelihood!.Value, draft.Impact!.Value),
            Residual = draft.ResidualLikelihood is { } rl && draft.ResidualImpact is { } ri ? new RiskRating(rl, ri) : null,
            Treatment = status == "accept" ? RiskTreatment.Accept : draft.Treatment ?? r.Treatment,
            TreatmentPlan = draft.TreatmentPlan?.Trim() ?? r.TreatmentPlan,
            Status = status switch
            {
                "open" => RiskStatus.Open,
                "treating" => RiskStatus.InTreatment,
                "closed" => RiskStatus.Closed,
                _ => r.Status == RiskStatus.Accepted ? RiskStatus.InTreatment : r.Status, // accepted only once the owner approves
            },
            Actions = addsAction
                ? [.. r.Actions, new TreatmentAction { Number = r.Actions.Count + 1, Description = actionText!.Trim(), OwnerId = actionPerson!.Id, DueOn = actionDue!.Value }]
                : r.Actions,
            Acceptance = proposal ?? Superseded(r.Acceptance, status),
            ReviewOn = draft.NextReview ?? r.ReviewOn,
            LastReviewedOn = today,
            LastReviewedBy = by.Id,
            LastReviewComment = draft.Comment!.Trim(),
            UpdatedAt = time.GetUtcNow(),
        }, cancellationToken)).Document;
        await audit.RecordAsync(by.Id, "risk.reviewed", Risk.Kind, risk.Id,
            $"inherent={Describe(risk.Inherent)} residual={Describe(risk.Residual)} treatment={risk.Treatment} status={risk.Status} next={risk.ReviewOn:yyyy-MM-dd}", cancellationToken);
        if (addsAction)
        {
            var added = risk.Actions[^1];
            await audit.RecordAsync(by.Id, "risk.action.added", Risk.Kind, risk.Id,
                $"action={TreatmentAction.IdFor(risk.Id, added.Number)} owner={added.OwnerId} due={added.DueOn:yyyy-MM-dd}", cancellationToken);
        }

        if (proposal is not null)
        {
            await audit.RecordAsync(by.Id, "risk.acceptance.proposed", Risk.Kind, risk.Id, $"until={proposal.ExpiresOn:yyyy-MM-dd}", cancellationToken);
        }

        return (risk, []);
    }

    /// <summary>The risk owner approves or rejects the acceptance proposed for their risk.</summary>
    /// <returns>The risk as decided, or why nothing was decided.</returns>
    public async Task<(Risk? Risk, string? Refusal)> DecideAcceptanceAsync(string riskId, bool approve, string? reason, Person by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var stored = (await store.FindAsync<Risk>(riskId, cancellationToken))?.Document;
        if (stored is null) return (null, $"There is no risk {riskId}.");
        if (stored.OwnerId != by.Id) return (null, $"Only the owner of {riskId} can decide on accepting it.");
        if (stored.Acceptance is not { Decision: AcceptanceDecision.Pending }) return (null, $"Nothing is waiting for a decision on {riskId}.");
        if (!approve && string.IsNullOrWhiteSpace(reason)) return (null, "Say why the acceptance is rejected.");
        var today = policy.Today(time.GetUtcNow());
        if (approve && stored.Acceptance.ExpiresOn <= today) return (null, $"The proposed acceptance of {riskId} expired on {stored.Acceptance.ExpiresOn:yyyy-MM-dd}: propose it again.");

        var risk = (await store.UpdateAsync<Risk>(riskId, r => r with
        {
            Status = approve ? RiskStatus.Accepted : r.Status,
            ReviewOn = approve ? r.Acceptance!.ExpiresOn : r.ReviewOn,
            Acceptance = r.Acceptance! with
            {
                Decision = approve ? AcceptanceDecision.Approved : AcceptanceDecision.Rejected,
                DecidedBy = by.Id,
                DecidedAt = time.GetUtcNow(),
                Reason = approve ? null : reason!.Trim(),
            },
            UpdatedAt = time.GetUtcNow(),
        }, cancellationToken)).Document;
        await audit.RecordAsync(by.Id, approve ? "risk.acceptance.approved" : "risk.acceptance.rejected", Risk.Kind, risk.Id,
            $"until={risk.Acceptance!.ExpiresOn:yyyy-MM-dd}", cancellationToken);
        return (risk, null);
    }

    /// <summary>
    /// Marks a treatment action done, by its owner, the risk's owner or a compliance admin.
    /// </summary>
    /// <returns>The risk and the action as done, or why not.</returns>
    public async Task<(Risk? Risk, TreatmentAction? Action, string? Refusal)> CompleteActionAsync(string actionId, Person by, bool isAdmin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actionId);
        ArgumentNullException.ThrowIfNull(by);
        if (!TreatmentAction.TryParseId(actionId, out var riskId, out var number))
            return (null, null, $"{actionId} is not a treatment action (they look like RISK-0001/1).");
        var stored = (await store.FindAsync<Risk>(riskId, cancellationToken))?.Document;
        var action = stored?.Actions.FirstOrDefault(a => a.Number == number);
        if (stored is null || action is null) return (null, null, $"There is no treatment action {actionId}.");
        if (action.OwnerId != by.Id && stored.OwnerId != by.Id && !isAdmin) return (null, null, $"{actionId} is not yours to close.");
        if (action.DoneOn is { } doneOn) return (stored, action, $"{actionId} was done on {doneOn:yyyy-MM-dd}.");

        var today = policy.Today(time.GetUtcNow());
        var risk = (await store.UpdateAsync<Risk>(riskId, r => r with
        {
            Actions = r.Actions.Select(a => a.Number == number ? a with { DoneOn = today, DoneBy = by.Id } : a).ToList(),
            UpdatedAt = time.GetUtcNow(),
        }, cancellationToken)).Document;
        await audit.RecordAsync(by.Id, "risk.action.done", Risk.Kind, risk.Id, $"action={TreatmentAction.IdFor(risk.Id, number)}", cancellationToken);
        return (risk, risk.Actions.First(a => a.Number == number), null);
    }

    /// <summary>Accepted risks whose acceptance has expired go back to open, due for review today.</summary>
    public async Task<IReadOnlyList<Risk>> ExpireAcceptancesAsync(CancellationToken cancellationToken = default)
    {
        var today = policy.Today(time.GetUtcNow());
        var expired = new List<Risk>();
        foreach (var stored in (await store.ListAsync<Risk>(cancellationToken)).Select(r => r.Document))
        {
            if (stored.Status != RiskStatus.Accepted || stored.Acceptance is not { Decision: AcceptanceDecision.Approved } acceptance || acceptance.ExpiresOn > today) continue;
            var risk = (await store.UpdateAsync<Risk>(stored.Id, r => r with
            {
                Status = RiskStatus.Open,
                ReviewOn = today,
                Acceptance = r.Acceptance! with { Decision = AcceptanceDecision.Expired },
                UpdatedAt = time.GetUtcNow(),
            }, cancellationToken)).Document;
            await audit.RecordAsync(AuditActors.System, "risk.acceptance.expired", Risk.Kind, risk.Id, $"expired={acceptance.ExpiresOn:yyyy-MM-dd}", cancellationToken);
            expired.Add(risk);
        }

        return expired;
    }

    /// <summary>
    /// An approved acceptance ends when a review moves the risk back to open or into treatment (it is no longer
    /// accepted); closing the risk keeps the record as it was.
    /// </summary>
    private static RiskAcceptance? Superseded(RiskAcceptance? acceptance, string? status) =>
        acceptance is { Decision: AcceptanceDecision.Approved } approved && status != "closed"
            ? approved with { Decision = AcceptanceDecision.Expired }
            : acceptance;

    private static void ResidualErrors(int? likelihood, int? impact, int? residualLikelihood, int? residualImpact, List<FieldError> errors)
    {
        if (residualLikelihood is null && residualImpact is null) return;
        if (residualLikelihood is not { } rl || !RiskRating.IsValidFactor(rl))
            errors.Add(new("residualLikelihood", "Rate the residual likelihood from 1 to 5, or leave both residual ratings empty."));
        if (residualImpact is not { } ri || !RiskRating.IsValidFactor(ri))
            errors.Add(new("residualImpact", "Rate the residual impact from 1 to 5, or leave both residual ratings empty."));
        else if (residualLikelihood is { } l && likelihood is { } il && impact is { } ii && l * ri > il * ii)
            errors.Add(new("residualImpact", "The residual rating can't be above the inherent one: treatment lowers a risk."));
    }

    private string Describe(RiskRating? rating) => rating is null ? "-" : $"{rating.Likelihood}x{rating.Impact}:{criteria.LevelOf(rating)}";
}
