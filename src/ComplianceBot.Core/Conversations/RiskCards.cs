using System.Text.Json.Nodes;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Risks;

namespace ComplianceBot.Core.Conversations;

/// <summary>How the risk cards say ratings, appetite and status.</summary>
internal static class RiskCards
{
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
