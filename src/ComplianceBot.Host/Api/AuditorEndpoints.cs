using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Library;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reports;
using ComplianceBot.Core.Storage;
using ComplianceBot.Host.Reports;
using ComplianceBot.Host.Security;

namespace ComplianceBot.Host.Api;

/// <summary>Read-only endpoints for auditors and compliance leads, behind the API key.</summary>
internal static class AuditorEndpoints
{
    private const int MaxLimit = 1_000_000;

    public static IEndpointRouteBuilder MapAuditorApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireApiKey<ReaderKeyFilter>();
        api.MapGet("/frameworks", ListFrameworks);
        api.MapGet("/frameworks/{frameworkId}", GetFramework);
        api.MapGet("/coverage", GetCoverageAsync);
        api.MapGet("/controls", ListControlsAsync);
        api.MapGet("/controls/{controlId}", GetControlAsync);
        api.MapGet("/reports/audit-package.zip", AuditPackageDownload.GetAsync);
        api.MapGet("/reports/{file}", GetReportAsync);
        api.MapGet("/audit/verify", VerifyAuditAsync);
        api.MapGet("/evidence/{evidenceId}/content", EvidenceDownload.GetAsync);
        return app;
    }

    private static IResult ListFrameworks(FrameworkCatalog catalog, CompliancePolicy policy) => Results.Ok(catalog.All.Select(f => new
    {
        f.Id,
        f.Name,
        f.Edition,
        Requirements = f.Requirements.Count,
        InScope = FrameworkCatalog.InScope(f, policy.Soc2Scope).Count,
        Groups = f.Requirements.Select(r => r.Group).Distinct(),
        CategoriesInScope = f.Id == FrameworkIds.Soc2 ? policy.Soc2Scope.Categories.Order() : null,
        ManagementClauses = f.ManagementClauses.Count,
    }));

    private static IResult GetFramework(string frameworkId, FrameworkCatalog catalog, CompliancePolicy policy)
    {
        if (catalog.Find(frameworkId) is not { } framework) return UnknownFramework(frameworkId);
        var inScope = FrameworkCatalog.InScope(framework, policy.Soc2Scope).Select(r => r.Id).ToHashSet();
        return Results.Ok(new
        {
            framework.Id,
            framework.Name,
            framework.Edition,
            Requirements = framework.Requirements.Select(r => new { r.Id, r.Title, r.Group, InScope = inScope.Contains(r.Id) }),
            ManagementClauses = framework.ManagementClauses.Select(r => new { r.Id, r.Title }),
        });
    }

    /// <summary>Coverage today; with <c>view=design</c> readiness on a day (<c>to</c>), with <c>view=operating</c> over a window (<c>from</c>, <c>to</c>).</summary>
    private static async Task<IResult> GetCoverageAsync(
        string? framework, string? top, string? view, string? from, string? to, FrameworkCatalog catalog, CoverageEngine engine, CoverageHistory history,
        ReadinessEngine readiness, CancellationToken cancellationToken)
    {
        if (framework is not null && catalog.Find(framework) is null) return UnknownFramework(framework, StatusCodes.Status400BadRequest);
        if (!TryParseBounded(top, 500, out var topGaps)) return BadRequest("The 'top' parameter must be a whole number from 1 to 500.");
        if (view is not null)
        {
            if (!Enum.TryParse<ReadinessView>(view, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || view.Any(char.IsDigit))
                return BadRequest("The 'view' parameter must be 'design' or 'operating' (or left out for coverage today).");
            ReadinessReport report;
            if (kind == ReadinessView.Design)
            {
                if (from is not null) return BadRequest("The design view is a point in time: give 'to' (yyyy-MM-dd) only.");
                DateOnly? day = null;
                if (to is not null)
                {
                    if (!Days.TryParse(to, out var parsed))
                        return BadRequest("'to' must be a day written yyyy-MM-dd, e.g. 2026-12-31.");
                    day = parsed;
                }

                report = await readiness.DesignAsync(day, cancellationToken);
            }
            else
            {
                ObservationWindow? window = null;
                if (from is not null || to is not null)
                {
                    if (!ObservationWindow.TryParse(from, to, out var parsed, out var error)) return BadRequest(error!);
                    window = parsed;
                }

                report = await readiness.OperatingAsync(window, cancellationToken);
            }

            var shaped = ReadinessReportView.Of(report, topGaps ?? 10);
            return Results.Ok(framework is null ? shaped : shaped with
            {
                Frameworks = shaped.Frameworks.Where(f => string.Equals(f.Id, framework, StringComparison.OrdinalIgnoreCase)).ToList(),
            });
        }

        if (from is not null || to is not null) return BadRequest("'from' and 'to' go with view=design or view=operating.");
        var today = await engine.ComputeAsync(cancellationToken);
        var changes = CoverageHistory.Compare(today, await history.FindWeekBeforeAsync(today.AsOf, cancellationToken));
        var coverage = CoverageView.From(today, changes, topGaps ?? 10);
        return Results.Ok(framework is null ? coverage : coverage with
        {
            Frameworks = coverage.Frameworks.Where(f => string.Equals(f.Id, framework, StringComparison.OrdinalIgnoreCase)).ToList(),
        });
    }

    /// <summary>Every control with where it stands; <c>?owner=none</c> lists only the controls nobody owns.</summary>
    private static async Task<IResult> ListControlsAsync(string? owner, CoverageEngine engine, IComplianceStore store, CancellationToken cancellationToken)
    {
        if (owner is not null && owner != "none") return BadRequest("The 'owner' parameter takes one value: none (the controls without an owner).");
        var report = await engine.ComputeAsync(cancellationToken);
        var statuses = report.Controls.ToDictionary(s => s.ControlId);
        var controls = (await store.ListAsync<Control>(cancellationToken)).Where(c => owner is null || c.Document.OwnerId is null);
        return Results.Ok(controls.Select(c => new { Control = c.Document, Status = statuses[c.Document.Id] }));
    }

    private static async Task<IResult> GetControlAsync(
        string controlId, IComplianceStore store, CoverageEngine engine, CancellationToken cancellationToken)
    {
        if (!ControlLibrary.IsValidControlId(controlId))
            return BadRequest($"'{Shorten(controlId)}' is not a control id; ids look like AC-01.");
        var control = await store.FindAsync<Control>(controlId, cancellationToken);
        if (control is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no control {controlId}.");
        var report = await engine.ComputeAsync(cancellationToken);
        return Results.Ok(new
        {
            Control = control.Document,
            Status = report.Controls.First(s => s.ControlId == control.Document.Id),
            Attestations = await store.ListAttestationsForControlAsync(control.Document.Id, cancellationToken),
            Evidence = await store.ListEvidenceForControlAsync(control.Document.Id, cancellationToken),
        });
    }

    private static async Task GetReportAsync(
        string file, string? limit, HttpContext http, AuditorReports reports, TimeProvider time, CancellationToken cancellationToken)
    {
        var dot = file.LastIndexOf('.');
        var (name, format) = dot > 0 ? (file[..dot], file[(dot + 1)..]) : (file, "");
        IResult? refusal = null;
        int? rows = null;
        if (format is not ("csv" or "xlsx"))
            refusal = BadRequest($"Reports come as .csv or .xlsx; '{Shorten(file)}' asks for neither.");
        else if (!TryParseBounded(limit, MaxLimit, out rows))
            refusal = Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Export too large",
                detail: $"The 'limit' parameter must be between 1 and {MaxLimit:N0} rows.");
        var report = refusal is null ? await reports.BuildAsync(name, cancellationToken) : null;
        if (refusal is null && report is null)
            refusal = Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown report",
                detail: $"There is no report '{Shorten(name)}'. Reports: {string.Join(", ", AuditorReports.Names)}.");
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(http);
            return;
        }

        var fileName = $"{report!.Name}-{time.GetUtcNow():yyyyMMdd}.{format}";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        if (format == "csv")
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            await CsvReportWriter.WriteAsync(report, http.Response.Body, rows, cancellationToken);
            return;
        }

        // A workbook is a zip and needs a seekable stream: build it in a temporary file, then send it.
        var temp = Path.GetTempFileName();
        try
        {
            await using var buffer = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
            if (!await XlsxReportWriter.WriteAsync(report, buffer, rows, cancellationToken))
            {
                http.Response.Headers.ContentDisposition = default;
                await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Export too large",
                    detail: $"The report has more than {XlsxReportWriter.MaxRows:N0} rows, the most a worksheet holds; use the .csv export or a 'limit'.").ExecuteAsync(http);
                return;
            }

            buffer.Position = 0;
            http.Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            http.Response.ContentLength = buffer.Length;
            await buffer.CopyToAsync(http.Response.Body, cancellationToken);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<IResult> VerifyAuditAsync(AuditTrail audit, CancellationToken cancellationToken) =>
        Results.Ok(await audit.VerifyAsync(cancellationToken));

    /// <summary>Absent is fine (null); present must be a whole number from 1 to <paramref name="max"/>.</summary>
    private static bool TryParseBounded(string? text, int max, out int? value)
    {
        value = null;
        if (text is null) return true;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            || parsed < 1 || parsed > max)
        {
            return false;
        }

        value = parsed;
        return true;
    }

    private static IResult UnknownFramework(string id, int status = StatusCodes.Status404NotFound) =>
        Results.Problem(statusCode: status, title: "Unknown framework",
            detail: $"There is no framework '{Shorten(id)}'. Frameworks: {string.Join(", ", FrameworkIds.All)}.");

    private static IResult BadRequest(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);

    // Echo only a bounded, printable slice of what the caller sent.
    private static string Shorten(string value)
    {
        var printable = new string(value.Where(c => !char.IsControl(c)).Take(64).ToArray());
        return value.Length > 64 ? printable + "…" : printable;
    }
}
