using System.Security.Cryptography;
using System.Text;
using ComplianceBot.Host.Configuration;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Security;

/// <summary>
/// Guards the auditor endpoints with "Authorization: Bearer {Api__Key}". With no key configured every request
/// is refused: reports are never open by accident.
/// </summary>
internal sealed partial class ApiKeyFilter(IOptions<ApiOptions> options, ILogger<ApiKeyFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var configured = options.Value.Key;
        if (string.IsNullOrEmpty(configured))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Reports are disabled",
                detail: "No API key is configured on this host; set Api__Key to enable the auditor endpoints.");
        }

        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (presented is null || !Matches(presented, configured))
        {
            LogRefused(context.HttpContext.Request.Path, presented is null ? "missing" : "wrong");
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: "Send the API key as 'Authorization: Bearer <key>'.");
        }

        return await next(context);
    }

    // Hashing first makes the comparison constant-time whatever the lengths.
    private static bool Matches(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused auditor request to {Path}: {Reason} API key")]
    private partial void LogRefused(string path, string reason);
}
