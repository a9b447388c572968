using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;
using Microsoft.AspNetCore.Diagnostics;

namespace ComplianceBot.Host.Api;

/// <summary>
/// Turns refusals from the domain into answers that say what to fix: invalid input is 400 with one message per
/// field, a forbidden action 403, a lost concurrency race 409, an unreadable body 400, an inbox that cannot take
/// an event now 503 with Retry-After (the platform sends it again). Anything else is a 500 whose details stay in
/// the log.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, errors) = exception switch
        {
            ValidationFailedException v => (StatusCodes.Status400BadRequest, "Invalid input", v.Message,
                v.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray())),
            NotPermittedException p => (StatusCodes.Status403Forbidden, "Not permitted", p.Message, null),
            ConcurrencyConflictException c => (StatusCodes.Status409Conflict, "Changed meanwhile", c.Message, null),
            BadHttpRequestException { InnerException: System.Text.Json.JsonException json } b => (b.StatusCode, "Bad request", Unreadable(json), FieldOf(json)),
            BadHttpRequestException b => (b.StatusCode, "Bad request", b.Message, null),
            InboxUnavailableException => (StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable",
                "The event could not be stored; send it again shortly.", null),
            _ => (0, "", "", (Dictionary<string, string[]>?)null),
        };
        if (status == 0) return false;

        var path = httpContext.Request.Path.Value ?? "";
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            LogUnavailable(httpContext.Request.Method, path, exception.Message);
            httpContext.Response.Headers.RetryAfter = "5";
        }
        else
        {
            var reason = exception.GetType().Name;
            LogRefused(httpContext.Request.Method, path, status, reason);
        }

        httpContext.Response.StatusCode = status;
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors is not null) details.Extensions["errors"] = errors;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    /// <summary>An unreadable JSON body, said by the field it is about ("cadence"), never by our type names.</summary>
    private static string Unreadable(System.Text.Json.JsonException json) => Field(json) is { } field
        ? $"The field '{field}' has a value of the wrong kind (line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}); see the API table in the README for what it takes."
        : $"The body is not the JSON this endpoint takes (line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}).";

    private static Dictionary<string, string[]>? FieldOf(System.Text.Json.JsonException json) =>
        Field(json) is { } field ? new() { [field] = ["This value has the wrong kind (a number, a text, a list or an object where another is expected)."] } : null;

    /// <summary>"$.cadence" → "cadence"; "$.iso27001[2]" → "iso27001"; null for the body as a whole.</summary>
    private static string? Field(System.Text.Json.JsonException json)
    {
        var path = json.Path;
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 ? field[..bracket] : field.Length > 0 ? field : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} refused with {Status}: {Reason}")]
    private partial void LogRefused(string method, string path, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: {Problem}")]
    private partial void LogUnavailable(string method, string path, string problem);
}
