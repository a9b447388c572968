using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Library;
using ComplianceBot.Core.People;
using ComplianceBot.Core.Records;
using ComplianceBot.Host.Security;

namespace ComplianceBot.Host.Api;

/// <summary>
/// How an organisation shapes its library over HTTP: people, its own controls, owners and delegates, cadence
/// and freshness, and applicability decisions for the Statement of Applicability. Admin key only; every
/// change lands in the audit trail.
/// </summary>
internal static class AdminEndpoints
{
    /// <summary>The audit trail's actor for changes made with the admin key; a caller may name itself in X-Actor.</summary>
    private const string Actor = "admin-api";

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api").RequireApiKey<AdminKeyFilter>();
        admin.MapPut("/people/{email}", SavePersonAsync);
        admin.MapPost("/controls", AddControlAsync);
        admin.MapPut("/controls/{controlId}/assignment", AssignAsync);
        admin.MapPut("/controls/{controlId}/reviewer", SetReviewerAsync);
        admin.MapPut("/controls/{controlId}/cadence", ChangeCadenceAsync);
        admin.MapPut("/requirements/{frameworkId}/{requirementId}/applicability", DecideAsync);
        admin.MapGet("/inbox/failed", ListParkedAsync);
        return app;
    }

    /// <summary>
    /// Chat events parked after their last attempt failed, oldest first: when, from where, how many attempts and
    /// the last error. What people wrote stays in the inbox; it is not shown here.
    /// </summary>
    private static async Task<IResult> ListParkedAsync(IInbox inbox, int? max, CancellationToken cancellationToken)
    {
        var parked = await inbox.ListAsync(InboxState.Failed, Math.Clamp(max ?? 100, 1, 1000), cancellationToken);
        return Results.Ok(parked.Select(p => new ParkedItem(
            p.Document.Id, p.Document.Platform, p.Document.ReceivedAt, p.Document.Attempts, p.Document.LastError)));
    }

    private static async Task<IResult> SavePersonAsync(
        string email, PersonBody body, HttpContext http, PeopleDirectory people, CancellationToken cancellationToken) =>
        Results.Ok(await people.SaveAsync(email, body.DisplayName, body.TimeZone, body.ManagerEmail, body.Roles, ActorOf(http), cancellationToken));

    private static async Task<IResult> AddControlAsync(Control body, HttpContext http, ControlLibrary library, CancellationToken cancellationToken)
    {
        var added = await library.AddAsync(body, ActorOf(http), cancellationToken);
        return Results.Created($"/api/controls/{added.Id}", added);
    }

    private static async Task<IResult> AssignAsync(
        string controlId, AssignmentBody body, HttpContext http, ControlLibrary library, CancellationToken cancellationToken) =>
        Results.Ok(await library.AssignAsync(controlId.ToUpperInvariant(), body.Owner, body.Delegate, ActorOf(http), cancellationToken));

    private static async Task<IResult> SetReviewerAsync(
        string controlId, ReviewerBody body, HttpContext http, ControlLibrary library, CancellationToken cancellationToken) =>
        Results.Ok(await library.SetReviewerAsync(controlId.ToUpperInvariant(), body.Reviewer, ActorOf(http), cancellationToken));

    private static async Task<IResult> ChangeCadenceAsync(
        string controlId, CadenceBody body, HttpContext http, ControlLibrary library, CancellationToken cancellationToken) =>
        Results.Ok(await library.ChangeCadenceAsync(controlId.ToUpperInvariant(), body.Cadence, body.FreshnessDays, ActorOf(http), cancellationToken));

    private static async Task<IResult> DecideAsync(
        string frameworkId, string requirementId, ApplicabilityBody body, HttpContext http, ControlLibrary library, CancellationToken cancellationToken) =>
        Results.Ok(await library.DecideApplicabilityAsync(
            frameworkId.ToLowerInvariant(), requirementId, body.Applicable, body.Justification ?? "", ActorOf(http), cancellationToken));

    internal static string ActorOf(HttpContext http)
    {
        var named = http.Request.Headers["X-Actor"].ToString().Trim();
        return named.Length is > 0 and <= 254 && !named.Any(char.IsControl) ? $"{Actor}:{named}" : Actor;
    }

    internal sealed record ParkedItem(string Id, string Platform, DateTimeOffset ReceivedAt, int Attempts, string? LastError);

    internal sealed record PersonBody(string? DisplayName, string? TimeZone, string? ManagerEmail, IReadOnlyList<string>? Roles);

    internal sealed record AssignmentBody(string? Owner, string? Delegate);

    internal sealed record ReviewerBody(string? Reviewer);

    internal sealed record CadenceBody(Cadence Cadence, int FreshnessDays);

    internal sealed record ApplicabilityBody(bool Applicable, string? Justification);
}
