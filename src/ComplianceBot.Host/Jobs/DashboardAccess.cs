using System.Net;
using System.Security.Cryptography;
using System.Text;
using ComplianceBot.Host.Configuration;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Jobs;

/// <summary>
/// Who may open /hangfire: anyone presenting the admin key as the HTTP Basic password (any user name), or, in
/// Development only, a request from this machine. Everyone else gets 401 with a Basic challenge, so a browser asks.
/// </summary>
internal sealed class DashboardAccess(IOptions<ApiOptions> api, IHostEnvironment environment) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        if (HasAdminKey(http.Request.Headers.Authorization.ToString())) return true;
        if (environment.IsDevelopment() && http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)) return true;
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"ComplianceBot jobs\", charset=\"UTF-8\"";
        return false;
    }

    private bool HasAdminKey(string header)
    {
        if (api.Value.AdminKey is not { Length: > 0 } key || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var password = decoded[(decoded.IndexOf(':', StringComparison.Ordinal) + 1)..];
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(key));
    }
}
