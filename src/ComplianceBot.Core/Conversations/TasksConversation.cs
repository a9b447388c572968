using System.Text.Json.Nodes;
using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// My tasks: the person's unanswered attestations, controls short of fresh evidence, evidence waiting for them to
/// confirm or review, and risk reviews coming due.
/// </summary>
public sealed class TasksConversation(
    IComplianceStore store, AttestationBook book, CoverageEngine coverage, EvidenceReviews reviews, CompliancePolicy policy, Risks.RiskCriteria criteria, TimeProvider time)
    : IConversation
{
    public const string Template = "my-tasks";
    public const string ShowAction = "tasks.show";

    /// <summary>Risk reviews due within this many days are listed.</summary>
    public const int RiskReviewHorizonDays = 30;

    public IEnumerable<ChatAction> Actions =>
    [
        new(ShowAction, OpensForm: false, (request, cancellationToken) => ShowAsync(request.Person, cancellationToken))
        {
            Command = new("tasks") { Aliases = ["todo", "my"], Help = new("tasks", "Your open attestations, evidence and risk reviews") },
        },
    ];

    public async Task<TurnResult> ShowAsync(Person person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var today = policy.Today(time.GetUtcNow());
        var mine = (await store.ListAsync<Control>(cancellationToken)).Select(c => c.Document).Where(c => c.IsAnsweredBy(person.Id)).ToList();

        var attestations = new JsonArray();
        foreach (var control in mine)
        {
            if (book.PeriodToAttest(control) is not { } period) continue; // its first period is still running
            var current = (await store.FindAsync<Attestation>(Attestation.IdFor(control.Id, period.Key), cancellationToken))?.Document;
            if (current is { Status: AttestationStatus.Answered }) continue;
            var due = current?.DueOn ?? policy.DueOn(control, period);
            attestations.Add(new JsonObject
            {
                ["controlId"] = control.Id,
                ["controlName"] = control.Name,
                ["period"] = period.Key,
                ["status"] = CardInputs.DueStatus(due, today),
            });
        }

        var evidence = new JsonArray();
        foreach (var status in (await coverage.EvaluateAsync(mine, cancellationToken))
                     .Where(s => s.Finding is ControlFinding.NoEvidence or ControlFinding.EvidenceStale))
        {
            var control = mine.First(c => c.Id == status.ControlId);
            evidence.Add(new JsonObject
            {
                ["controlId"] = control.Id,
                ["controlName"] = control.Name,
                ["reason"] = status.LatestEvidenceOn is { } latest
                    ? $"newest evidence is from {CardInputs.Day(latest)} (window {control.FreshnessDays} days)"
                    : "no current evidence yet",
            });
        }

        var toReview = new JsonArray();
        foreach (var waiting in await store.ListEvidenceAwaitingReviewAsync(cancellationToken))
        {
            if (!(await reviews.NextActorsAsync(waiting, cancellationToken)).Any(p => string.Equals(p.Id, person.Id, StringComparison.OrdinalIgnoreCase))) continue;
            toReview.Add(new JsonObject
            {
                ["evidenceId"] = waiting.Id,
                ["fileName"] = waiting.FileName,
                ["controls"] = string.Join(", ", waiting.ControlIds),
                ["stage"] = waiting.Review == EvidenceReview.AwaitingOwner ? "to confirm (your control)" : "to review",
                ["uploadedOn"] = CardInputs.Day(policy.Today(waiting.UploadedAt)),
            });
        }

        // Compliance admins also decide "not applicable" answers and confirm what their controls excluded.
        var approvals = new JsonArray();
        var excluded = new JsonArray();
        if (Digests.DigestConversation.IsAdmin(person))
        {
            foreach (var pending in (await store.ListAttestationsAsync(ControlEvaluator.PeriodKeysInPlay(today), cancellationToken))
                         .Where(a => a.Approval == NotApplicableApproval.Pending && !string.Equals(a.AttestorId, person.Id, StringComparison.OrdinalIgnoreCase))
                         .OrderBy(a => a.ControlId, StringComparer.Ordinal))
            {
                approvals.Add(new JsonObject { ["attestationId"] = pending.Id, ["controlId"] = pending.ControlId, ["period"] = pending.Period, ["justification"] = pending.Comment ?? "" });
            }

            var report = await coverage.ComputeAsync(cancellationToken);
            foreach (var framework in report.Frameworks)
            {
                foreach (var requirement in framework.Requirements.Where(r => r.State == RequirementState.ExcludedByControls))
                {
                    excluded.Add(new JsonObject
                    {
                        ["framework"] = framework.Name, ["id"] = requirement.Requirement.Id, ["title"] = requirement.Requirement.Title,
                        ["controls"] = string.Join(", ", requirement.ControlIds),
                    });
                }
            }
        }

        var risks = (await store.ListAsync<Risk>(cancellationToken)).Select(r => r.Document)
            .Where(r => r.OwnerId == person.Id && r.Status != RiskStatus.Closed && r.ReviewOn <= today.AddDays(RiskReviewHorizonDays))
            .OrderBy(r => r.ReviewOn)
            .Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Id, ["title"] = r.Title, ["reviewDate"] = CardInputs.Day(r.ReviewOn), ["level"] = criteria.LevelOf(Risks.RiskCriteria.Current(r)).ToString(),
            })
            .ToArray();

        return TurnResult.Reply(OutboundMessage.Show(new CardView(Template, new JsonObject
        {
            ["nothingOpen"] = attestations.Count + evidence.Count + toReview.Count + approvals.Count + excluded.Count + risks.Length == 0,
            ["hasApprovals"] = approvals.Count > 0,
            ["approvals"] = approvals,
            ["hasExcluded"] = excluded.Count > 0,
            ["excluded"] = excluded,
            ["hasAttestations"] = attestations.Count > 0,
            ["attestations"] = attestations,
            ["hasEvidence"] = evidence.Count > 0,
            ["evidence"] = evidence,
            ["hasReviews"] = toReview.Count > 0,
            ["reviews"] = toReview,
            ["hasRisks"] = risks.Length > 0,
            ["risks"] = new JsonArray(risks),
        })));
    }
}
