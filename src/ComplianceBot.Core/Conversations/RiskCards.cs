using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Risks;

namespace ComplianceBot.Core.Conversations;

/// <summary>How the risk cards say ratings, appetite and status.</summary>
internal static class RiskCards
{
    /// <summary>
    /// The risk as it stands (the "risk-saved" card): after intake with its likely duplicates, after a review with the
    /// outcome.
    /// </summary>
    public static CardView Saved(RiskCriteria criteria, Risk risk, string ownerName, string heading, string? outcome, IReadOnlyList<Risk> duplicates) =>
        new(RiskConversation.SavedTemplate, new JsonObject
        {
            ["id"] = risk.Id,
            ["heading"] = heading,
            ["hasOutcome"] = outcome is not null,
            ["outcome"] = outcome ?? "",
            ["title"] = risk.Title,
            ["score"] = risk.Inherent.Score,
            ["level"] = criteria.LevelOf(risk.Inherent).ToString(),
            ["category"] = risk.Category,
            ["owner"] = ownerName,
            ["residual"] = Rating(criteria, risk.Residual),
            ["appetite"] = Appetite(criteria, risk),
            ["status"] = Status(risk.Status),
            ["treatment"] = risk.Treatment.ToString(),
            ["controls"] = risk.LinkedControlIds.Count > 0 ? string.Join(", ", risk.LinkedControlIds) : "none",
            ["reviewDate"] = CardInputs.Day(risk.ReviewOn),
            ["hasDuplicates"] = duplicates.Count > 0,
            ["duplicates"] = new JsonArray(duplicates.Select(d => (JsonNode)new JsonObject { ["id"] = d.Id, ["title"] = d.Title, ["owner"] = d.OwnerId }).ToArray()),
        });

    public static JsonArray Choices(IEnumerable<(string Title, string Value)> choices) =>
        new(choices.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["value"] = c.Value }).ToArray());

    /// <summary>"2 × 3 = 6 (Medium)", or "not rated".</summary>
    public static string Rating(RiskCriteria criteria, RiskRating? rating) =>
        rating is null ? "not rated" : $"{rating.Likelihood} × {rating.Impact} = {rating.Score} ({criteria.LevelOf(rating)})";

    public static string Appetite(RiskCriteria criteria, Risk risk) => criteria.AboveAppetite(risk)
        ? $"Above appetite ({criteria.Appetite}): treat it or have its owner accept it"
        : $"Within appetite ({criteria.Appetite})";

    public static string Status(RiskStatus status) => status switch
    {
        RiskStatus.InTreatment => "In treatment",
        _ => status.ToString(),
    };

    public static string Acceptance(Risk risk) => risk.Acceptance switch
    {
        null => "None",
        { Decision: AcceptanceDecision.Pending } a => $"Proposed until {CardInputs.Day(a.ExpiresOn)}, waiting for the owner",
        { Decision: AcceptanceDecision.Approved } a => $"Accepted by {a.DecidedBy} until {CardInputs.Day(a.ExpiresOn)}",
        { Decision: AcceptanceDecision.Rejected } a => $"Rejected by {a.DecidedBy}: {a.Reason}",
        { Decision: AcceptanceDecision.Expired } a => $"Expired on {CardInputs.Day(a.ExpiresOn)}",
        _ => "None",
    };
}
