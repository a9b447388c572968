using System.Text;
using ComplianceBot.Core.Onboarding;
using ComplianceBot.Host.Security;

namespace ComplianceBot.Host.Api;

/// <summary>
/// Bulk onboarding with the admin key: people and control ownership as CSV, imported (all rows or none; <c>?dryRun=true</c>
/// checks without writing) and exported in the same columns.
/// </summary>
internal static class OnboardingEndpoints
{
    /// <summary>Enough for 100,000 people; a larger file is refused before it is parsed.</summary>
    private const int MaxBytes = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapOnboardingApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api").RequireApiKey<AdminKeyFilter>();
        admin.MapPost("/import/people", (HttpContext http, bool? dryRun, PeopleImport people, CancellationToken cancellationToken) =>
            ImportAsync(http, dryRun, (csv, dry, actor) => people.ImportAsync(csv, dry, actor, cancellationToken), cancellationToken));
        admin.MapPost("/import/ownership", (HttpContext http, bool? dryRun, OwnershipImport ownership, CancellationToken cancellationToken) =>
            ImportAsync(http, dryRun, (csv, dry, actor) => ownership.ImportAsync(csv, dry, actor, cancellationToken), cancellationToken));
        admin.MapGet("/export/people.csv", (HttpContext http, PeopleImport people, CancellationToken cancellationToken) =>
            ExportAsync(http, "people.csv", csv => people.ExportAsync(csv, cancellationToken)));
        admin.MapGet("/export/ownership.csv", (HttpContext http, OwnershipImport ownership, CancellationToken cancellationToken) =>
            ExportAsync(http, "ownership.csv", csv => ownership.ExportAsync(csv, cancellationToken)));
        return app;
    }

    /// <summary>200 with the report for a dry run or a completed import; 422 with the row errors when nothing was imported.</summary>
    private static async Task<IResult> ImportAsync(
        HttpContext http, bool? dryRun, Func<TextReader, bool, string, Task<ImportReport>> import, CancellationToken cancellationToken)
    {
        if (await Channels.RequestBodies.ReadAsync(http.Request, MaxBytes, cancellationToken) is not { } bytes) return TooLarge();
        if (bytes.Length == 0)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "Send the CSV file as the request body (Content-Type: text/csv).");
        var body = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
        using var csv = new StreamReader(body, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var report = await import(csv, dryRun == true, AdminEndpoints.ActorOf(http));
        return report.Errors.Count > 0 && !report.DryRun ? Results.UnprocessableEntity(report) : Results.Ok(report);
    }

    /// <summary>Written whole, then sent: the CSV writer writes synchronously, and a people file is small (about 80 bytes a person).</summary>
    private static async Task<IResult> ExportAsync(HttpContext http, string name, Func<TextWriter, Task> export)
    {
        await using var csv = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        await export(csv);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        return Results.Text(csv.ToString(), "text/csv; charset=utf-8", new UTF8Encoding(false));
    }

    private static IResult TooLarge() => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large",
        detail: $"Import files are limited to {MaxBytes / 1024 / 1024} MB; split the file.");
}
