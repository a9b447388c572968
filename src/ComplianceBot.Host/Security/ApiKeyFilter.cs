using System.Security.Cryptography;
using System.Text;
using ComplianceBot.Host.Configuration;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Security;

/// <summary>
/// Guards the HTTP API with "Authorization: Bearer {key}". Reads accept the auditor key (Api__Key) or the
/// admin key (Api__AdminKey); changes accept only the admin key. With no key configured for an endpoint,
/// every request to it is refused: the API is never open by accident. The check runs as middleware on the
/// endpoint's metadata (see <see cref="ApiKeys"/>), before the body is read or bound.
/// </summary>
internal abstract partial class ApiKeyFilter(IOptions<ApiOptions> options, ILogger<ApiKeyFilter> logger)
{
    protected ApiOptions Options => options.Value;

    protected abstract string SettingNames { get; }

    protected abstract IEnumerable<string?> AcceptedKeys { get; }

    /// <returns>The refusal to send, or null when the request carries an accepted key.</returns>
    public IResult? Refusal(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var configured = AcceptedKeys.Where(k => !string.IsNullOrEmpty(k)).Select(k => k!).ToList();
        if (configured.Count == 0)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "API disabled",
                detail: $"No API key is configured on this host for this endpoint; set {SettingNames} to enable it.");
        }

        var header = http.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;

        // Compare against every accepted key, not just until the first match, so timing reveals nothing.
        var matched = presented is not null && configured.Aggregate(false, (any, key) => Matches(presented, key) | any);
        if (!matched)
        {
            LogRefused(http.Request.Path, presented is null ? "missing" : "wrong");
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: "Send the API key as 'Authorization: Bearer <key>'.");
        }

        return null;
    }

    // Hashing first makes the comparison constant-time whatever the lengths.
    private static bool Matches(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused API request to {Path}: {Reason} API key")]
    private partial void LogRefused(string path, string reason);
}

/// <summary>Read-only endpoints: auditor or admin key.</summary>
internal sealed class ReaderKeyFilter(IOptions<ApiOptions> options, ILogger<ApiKeyFilter> logger) : ApiKeyFilter(options, logger)
{
    protected override string SettingNames => "Api__Key (or Api__AdminKey)";

    protected override IEnumerable<string?> AcceptedKeys => [Options.Key, Options.AdminKey];
}

/// <summary>Endpoints that change the library or the people: admin key only.</summary>
internal sealed class AdminKeyFilter(IOptions<ApiOptions> options, ILogger<ApiKeyFilter> logger) : ApiKeyFilter(options, logger)
{
    protected override string SettingNames => "Api__AdminKey";

    protected override IEnumerable<string?> AcceptedKeys => [Options.AdminKey];
}
