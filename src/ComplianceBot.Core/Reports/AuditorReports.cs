using System.Globalization;
using System.Runtime.CompilerServices;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Reports;

/// <summary>The read-only registers an auditor asks for, built from the same data as coverage.</summary>
public sealed class AuditorReports(IComplianceStore store, CoverageEngine coverage, Risks.RiskCriteria criteria)
{
    public static IReadOnlyList<string> Names { get; } = ["soa", "soc2-matrix", "risk-register", "evidence", "nonconformities"];

    public async Task<TabularReport?> BuildAsync(string name, CancellationToken cancellationToken = default) => name switch
    {
        "soa" => await RequirementsReportAsync(FrameworkIds.Iso27001, "Statement of Applicability (ISO/IEC 27001:2022 Annex A)", cancellationToken),
        "soc2-matrix" => await RequirementsReportAsync(FrameworkIds.Soc2, "SOC 2 criteria matrix", cancellationToken),
        "risk-register" => RiskRegister(cancellationToken),
        "evidence" => EvidenceRegister(cancellationToken),
        "nonconformities" => Nonconformities(cancellationToken),
        _ => null,
    };

    private async Task<TabularReport> RequirementsReportAsync(string frameworkId, string title, CancellationToken cancellationToken)
    {
        var report = await coverage.ComputeAsync(cancellationToken);
        var framework = report.For(frameworkId)!;
        var statuses = report.Controls.ToDictionary(c => c.ControlId, StringComparer.OrdinalIgnoreCase);
        var rows = framework.Requirements.Select(r =>
        {
            var owners = r.ControlIds.Select(id => statuses[id].OwnerName ?? statuses[id].OwnerId).OfType<string>().Distinct();
            var applicable = r.State is not (RequirementState.Excluded or RequirementState.ExcludedByControls);
            var justification = r.Justification ?? (r.ControlIds.Count > 0
                ? "Applicable: addressed by the mapped controls."
                : "Applicable: no control mapped yet.");
            return (IReadOnlyList<string>)
            [
                r.Requirement.Id, r.Requirement.Title, r.Requirement.Group, applicable ? "Yes" : "No", justification,
                string.Join("; ", r.ControlIds), r.State.ToString(),
                string.Join("; ", r.Failing.Select(f => $"{f.ControlId}: {ControlFindings.Describe(f.Finding)}")), string.Join("; ", owners),
            ];
        }).ToList();
        var idColumn = frameworkId == FrameworkIds.Iso27001 ? "Annex A control" : "Criterion";
        var groupColumn = frameworkId == FrameworkIds.Iso27001 ? "Theme" : "Category";
        return new TabularReport(
            frameworkId == FrameworkIds.Iso27001 ? "soa" : "soc2-matrix",
            title,
            [idColumn, "Title", groupColumn, "Applicable", "Justification", "Controls", "Status", "Shortfalls", "Control owners"],
            rows.ToAsyncEnumerable());
    }

    private TabularReport RiskRegister(CancellationToken cancellationToken) => new(
        "risk-register",
        "Risk register",
        [
            "Risk", "Title", "Category", "Description", "Inherent likelihood", "Inherent impact", "Inherent score",
            "Inherent level", "Residual likelihood", "Residual impact", "Residual score", "Residual level", "Above appetite",
            "Treatment", "Treatment plan", "Treatment actions", "Owner", "Linked controls", "Review date", "Status", "Acceptance", "Accepted until",
            "Accepted by", "Acceptance justification", "Last reviewed", "Last review comment", "Raised by", "Raised at",
        ],
        RiskRows(cancellationToken))
    {
        Kinds =
        [
            CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Number, CellKind.Number, CellKind.Number,
            CellKind.Text, CellKind.Number, CellKind.Number, CellKind.Number, CellKind.Text, CellKind.Text,
            CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Date, CellKind.Text, CellKind.Text, CellKind.Date,
            CellKind.Text, CellKind.Text, CellKind.Date, CellKind.Text, CellKind.Text, CellKind.DateTime,
        ],
    };

    private async IAsyncEnumerable<IReadOnlyList<string>> RiskRows([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var risk in (await store.ListAsync<Risk>(cancellationToken)).Select(s => s.Document))
        {
            yield return
            [
                risk.Id, risk.Title, risk.Category, risk.Description, Num(risk.Inherent.Likelihood), Num(risk.Inherent.Impact),
                Num(risk.Inherent.Score), criteria.LevelOf(risk.Inherent).ToString(),
                risk.Residual is null ? "" : Num(risk.Residual.Likelihood), risk.Residual is null ? "" : Num(risk.Residual.Impact),
                risk.Residual is null ? "" : Num(risk.Residual.Score), risk.Residual is null ? "" : criteria.LevelOf(risk.Residual).ToString(),
                criteria.AboveAppetite(risk) ? "yes" : "no", risk.Treatment.ToString(), risk.TreatmentPlan,
                string.Join("; ", risk.Actions.Select(a => $"{TreatmentAction.IdFor(risk.Id, a.Number)} {a.Description} ({a.OwnerId}, due {Day(a.DueOn)}{(a.DoneOn is { } done ? $", done {Day(done)}" : "")})")),
                risk.OwnerId,
                string.Join("; ", risk.LinkedControlIds), Day(risk.ReviewOn), risk.Status.ToString(), risk.Acceptance?.Decision.ToString() ?? "",
                risk.Acceptance is { Decision: AcceptanceDecision.Approved } accepted ? Day(accepted.ExpiresOn) : "",
                risk.Acceptance is { Decision: AcceptanceDecision.Approved } approved ? approved.DecidedBy ?? "" : "",
                risk.Acceptance?.Justification ?? "", risk.LastReviewedOn is { } reviewed ? Day(reviewed) : "", risk.LastReviewComment ?? "",
                risk.RaisedBy, Instant(risk.RaisedAt),
            ];
        }
    }

    private TabularReport Nonconformities(CancellationToken cancellationToken) => new(
        "nonconformities",
        "Nonconformities and corrective actions",
        [
            "Nonconformity", "Source", "Source reference", "Control", "What happened", "Correction", "Cause", "Corrective action", "Owner",
            "Due date", "Status", "Action taken", "Verified", "Verified by", "Verification note", "Times reopened", "Raised by", "Raised at",
        ],
        NonconformityRows(cancellationToken))
    {
        Kinds =
        [
            CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Text,
            CellKind.Date, CellKind.Text, CellKind.Date, CellKind.Date, CellKind.Text, CellKind.Text, CellKind.Number, CellKind.Text, CellKind.DateTime,
        ],
    };

    private async IAsyncEnumerable<IReadOnlyList<string>> NonconformityRows([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var nc in (await store.ListAsync<Nonconformity>(cancellationToken)).Select(s => s.Document).OrderBy(n => n.Id, StringComparer.Ordinal))
        {
            yield return
            [
                nc.Id, nc.Source.ToString(), nc.SourceRef, nc.ControlId ?? "", nc.WhatHappened, nc.Correction, nc.Cause, nc.CorrectiveAction, nc.OwnerId,
                Day(nc.DueOn), nc.Status.ToString(), nc.ActionTakenOn is { } taken ? Day(taken) : "", nc.VerifiedOn is { } verified ? Day(verified) : "",
                nc.VerifiedBy ?? "", nc.VerificationNote ?? "", Num(nc.Reopened), nc.RaisedBy, Instant(nc.RaisedAt),
            ];
        }
    }

    private TabularReport EvidenceRegister(CancellationToken cancellationToken) => new(
        "evidence",
        "Evidence register",
        [
            "Evidence", "File name", "Controls", "Size (bytes)", "Content type", "SHA-256", "Effective date", "Expiry date",
            "Uploaded at", "Uploaded by", "Source",
        ],
        EvidenceRows(cancellationToken))
    {
        Kinds =
        [
            CellKind.Text, CellKind.Text, CellKind.Text, CellKind.Number, CellKind.Text, CellKind.Text, CellKind.Date, CellKind.Date,
            CellKind.DateTime, CellKind.Text, CellKind.Text,
        ],
    };

    private async IAsyncEnumerable<IReadOnlyList<string>> EvidenceRows([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in store.StreamEvidenceAsync(cancellationToken))
        {
            yield return
            [
                e.Id, e.FileName, string.Join("; ", e.ControlIds), e.SizeBytes.ToString(CultureInfo.InvariantCulture), e.ContentType,
                e.Sha256, Day(e.EffectiveOn), e.ExpiresOn is { } x ? Day(x) : "", Instant(e.UploadedAt), e.UploadedBy, e.SourceLink ?? "",
            ];
        }
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
