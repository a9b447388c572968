using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Reports;

namespace ComplianceBot.Host.Api;

/// <summary>
/// `GET /api/reports/audit-package.zip?framework=soc2|iso27001[&amp;from=&amp;to=]`: the audit package, streamed as it is
/// built. Arguments are checked before the first byte; a failure once streaming has begun aborts the response, so a
/// broken package is never mistaken for a whole one.
/// </summary>
internal static partial class AuditPackageDownload
{
    public static async Task GetAsync(
        string? framework, string? from, string? to, HttpContext http, AuditPackage package, CompliancePolicy policy, TimeProvider time,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var chosen = framework is null ? null : FrameworkCatalog.Default.Find(framework);
        ObservationWindow window = default;
        string? refusal = chosen is null
            ? $"Give framework={string.Join(" or framework=", FrameworkIds.All)}: the package holds one framework's matrix or Statement of Applicability."
            : from is null && to is null ? null
            : ObservationWindow.TryParse(from, to, out window, out var error) ? null : error;
        if (refusal is not null)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: refusal).ExecuteAsync(http);
            return;
        }

        if (from is null && to is null) window = policy.WindowOn(policy.Today(time.GetUtcNow()));
        var name = $"audit-package-{chosen!.Id}-{window.From:yyyy-MM-dd}-{window.To:yyyy-MM-dd}.zip";
        http.Response.ContentType = "application/zip";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        var logger = loggers.CreateLogger(typeof(AuditPackageDownload));
        try
        {
            var summary = await package.WriteAsync(chosen.Id, window, http.Response.Body, cancellationToken);
            Built(logger, chosen.Id, window, summary.Files, summary.Evidence, summary.ContentMismatches, summary.ContentMissing);
        }
        catch (Exception e) when (http.Response.HasStarted && !cancellationToken.IsCancellationRequested)
        {
            Broken(logger, chosen.Id, e);
            http.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit package {Framework} {Window}: {Files} files, {Evidence} evidence files, {Mismatches} not matching their record, {Missing} missing")]
    private static partial void Built(ILogger logger, string framework, ObservationWindow window, int files, int evidence, int mismatches, int missing);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit package {Framework} failed while streaming; the response was aborted")]
    private static partial void Broken(ILogger logger, string framework, Exception exception);
}
