using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace ComplianceBot.Channels.Teams;

/// <summary>Issues the bearer token for calls to the Bot Connector, or none (development mode without an app).</summary>
public interface IBotTokenProvider
{
    Task<string?> GetTokenAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// OAuth 2.0 client credentials against the app's token endpoint (for the Bot Connector, scope
/// https://api.botframework.com/.default; for Microsoft Graph, its own), cached until five minutes before it
/// expires, with one request in flight at a time.
/// </summary>
public sealed class ClientCredentialsTokenProvider(HttpClient http, TeamsOptions options, TimeProvider time, string scope = ClientCredentialsTokenProvider.Scope)
    : IBotTokenProvider, IDisposable
{
    public const string Scope = "https://api.botframework.com/.default";
    public const string GraphScope = "https://graph.microsoft.com/.default";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim gate = new(1, 1);
    private string? token;
    private DateTimeOffset refreshAt;

    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(options.AppId)) return null;
        if (token is not null && time.GetUtcNow() < refreshAt) return token;
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (token is not null && time.GetUtcNow() < refreshAt) return token;
            using var response = await http.PostAsync(new Uri(options.ResolvedTokenEndpoint), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = options.AppId!,
                ["client_secret"] = options.AppPassword ?? "",
                ["scope"] = scope,
            }), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // The body may echo the client id; the status code is enough to act on.
                throw new HttpRequestException($"The token endpoint refused the bot's credentials ({(int)response.StatusCode}).", null, response.StatusCode);
            }

            var body = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                ?? throw new HttpRequestException("The token endpoint answered with no token.");
            token = body.AccessToken;
            refreshAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(body.ExpiresIn, 60)) - RefreshMargin;
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
