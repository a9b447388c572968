using System.Globalization;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Periods;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// Coverage today, per framework, with the change since last week, operating readiness over the observation window,
/// and the top gaps with their owners.
/// </summary>
public sealed class StatusConversation(
    Storage.IComplianceStore store, CoverageEngine coverage, CoverageHistory history, ReadinessEngine readiness, CompliancePolicy policy,
    Risks.RiskCriteria criteria) : IConversation
{
    public const string Template = "coverage-status";
    public const string ShowAction = "status.show";

    public IEnumerable<ChatAction> Actions =>
    [
        new(ShowAction, OpensForm: false, (request, cancellationToken) => ShowAsync(request.Person, cancellationToken))
        {
            Command = new("status") { Aliases = ["coverage"], Help = new("status", "ISO 27001 and SOC 2 coverage today") },
        },
    ];

    /// <summary>The card; a compliance admin also sees the controls that have no owner.</summary>
    public async Task<TurnResult> ShowAsync(Records.Person person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var unowned = Digests.DigestConversation.IsAdmin(person)
            ? (await store.ListAsync<Records.Control>(cancellationToken)).Select(c => c.Document).Where(c => c.OwnerId is null).Select(c => c.Id).ToList()
            : [];
        var report = await coverage.ComputeAsync(cancellationToken);
        var changes = CoverageHistory.Compare(report, await history.FindWeekBeforeAsync(report.AsOf, cancellationToken));
        var operating = await readiness.OperatingAsync(cancellationToken: cancellationToken);
        var risks = (await store.ListAsync<Records.Risk>(cancellationToken)).Select(r => r.Document).Where(r => r.Status != Records.RiskStatus.Closed).ToList();
        var above = risks.Where(criteria.AboveAppetite).OrderByDescending(r => criteria.LevelOf(Risks.RiskCriteria.Current(r))).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var names = above.Count == 0 ? [] : (await store.ListAsync<Records.Person>(cancellationToken)).ToDictionary(p => p.Document.Id, p => p.Document.DisplayName, StringComparer.Ordinal);
        return TurnResult.Reply(OutboundMessage.Show(new CardView(Template, new JsonObject
        {
            ["asOf"] = CardInputs.Day(policy.Today(report.AsOf)),
            ["risks"] = $"Risks: {risks.Count} not closed, {above.Count} above appetite ({criteria.Appetite})",
            ["aboveAppetite"] = new JsonArray(above.Take(5).Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Id, ["title"] = r.Title, ["level"] = criteria.LevelOf(Risks.RiskCriteria.Current(r)).ToString(),
                ["owner"] = names.GetValueOrDefault(r.OwnerId, r.OwnerId),
            }).ToArray()),
            ["hasUnowned"] = unowned.Count > 0,
            ["unowned"] = unowned.Count == 0 ? "" : $"{unowned.Count} {(unowned.Count == 1 ? "control has" : "controls have")} no owner: {string.Join(", ", unowned.Take(12))}{(unowned.Count > 12 ? ", …" : "")}. Assign them with the ownership import or the admin API; until then nobody attests them.",
            ["frameworks"] = new JsonArray(report.Frameworks.Select(f =>
            {
                var change = changes.First(c => c.FrameworkId == f.FrameworkId);
                return (JsonNode)new JsonObject
                {
                    ["name"] = f.Name,
                    ["percent"] = f.Percent,
                    ["covered"] = f.Covered,
                    ["partial"] = f.Partial,
                    ["gaps"] = f.Gaps,
                    ["excluded"] = f.Excluded,
                    ["operating"] = operating.Summary(f.FrameworkId),
                    ["change"] = change.Delta switch
                    {
                        null => "no figures from last week yet",
                        0 => "no change since last week",
                        var d => string.Create(CultureInfo.InvariantCulture, $"{d:+0.0;-0.0} since last week"),
                    },
                    ["topGaps"] = new JsonArray(f.Shortfalls.Take(3).Select(r => (JsonNode)new JsonObject
                    {
                        ["id"] = r.Requirement.Id,
                        ["title"] = r.Requirement.Title,
                        ["owners"] = r.DescribeOwners(),
                    }).ToArray()),
                };
            }).ToArray()),
        })));
    }
}
