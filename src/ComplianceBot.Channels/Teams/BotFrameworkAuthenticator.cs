using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ComplianceBot.Channels.Teams;

/// <summary>
/// Verifies the bearer token on an inbound activity the way the Bot Framework requires: RS256 signature by a
/// key from the OpenID metadata, issuer, audience = our app id, lifetime with 5 minutes of skew, the signing
/// key endorsed for the activity's channel, and the token's serviceurl claim equal to the activity's.
/// A single-tenant bot also accepts its own tenant's Entra-issued tokens. The channel sends the same token with
/// every activity for about an hour, so a token that passed is kept (by its exact text, signature included) until it
/// expires, and the RSA check is not repeated for each request.
/// </summary>
public sealed class BotFrameworkAuthenticator
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly TeamsOptions options;
    private readonly OpenIdMetadataCache botFramework;
    private readonly OpenIdMetadataCache? entra;
    private readonly TimeProvider time;
    private const int MaxKeptTokens = 1024;

    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (VerifiedToken Token, DateTime Until)> kept = new(StringComparer.Ordinal);

    public BotFrameworkAuthenticator(
        TeamsOptions options,
        OpenIdMetadataCache botFramework,
        OpenIdMetadataCache? entra,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.botFramework = botFramework;
        this.entra = entra;
        this.time = time;
    }

    public async Task<InboundAuthResult> AuthenticateAsync(
        string? authorization, string? channelId, string? serviceUrl, CancellationToken cancellationToken = default)
    {
        var (verdict, token) = await VerifyTokenAsync(authorization, cancellationToken);
        return token is null ? verdict : CheckActivity(token, channelId, serviceUrl);
    }

    /// <summary>
    /// The first half, which needs no body: the token's signature, issuer, audience and lifetime. The endpoint
    /// runs it before reading the request, so nobody without a valid token gets a body parsed.
    /// </summary>
    public async Task<(InboundAuthResult Verdict, VerifiedToken? Token)> VerifyTokenAsync(string? authorization, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(authorization)) return (InboundAuthResult.Unauthorized("no Authorization header"), null);
        var parts = authorization.Split(' ', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !string.Equals(parts[0], "Bearer", StringComparison.Ordinal) || parts[1].Length == 0)
            return (InboundAuthResult.Unauthorized("the Authorization header is not a Bearer token"), null);
        if (!handler.CanReadToken(parts[1])) return (InboundAuthResult.Unauthorized("the token is not a JWT"), null);

        string issuer;
        try
        {
            issuer = new JsonWebToken(parts[1]).Issuer;
        }
        catch (ArgumentException)
        {
            return (InboundAuthResult.Unauthorized("the token is not a JWT"), null);
        }

        var fromChannel = string.Equals(issuer, options.Issuer, StringComparison.Ordinal);
        var entraIssuers = EntraIssuers();
        if (!fromChannel && (entra is null || !entraIssuers.Contains(issuer, StringComparer.Ordinal)))
            return (InboundAuthResult.Unauthorized("the token's issuer is not trusted"), null);

        var metadata = fromChannel ? botFramework : entra!;
        var (result, configuration) = await ValidateAsync(parts[1], metadata, fromChannel ? [options.Issuer] : entraIssuers, cancellationToken);
        if (!result.IsValid) return (InboundAuthResult.Unauthorized($"the token is invalid ({result.Exception?.GetType().Name ?? "unknown"})"), null);
        var verified = new VerifiedToken((JsonWebToken)result.SecurityToken, configuration, fromChannel);
        if (kept.Count >= MaxKeptTokens) kept.Clear();
        kept[parts[1]] = (verified, verified.Token.ValidTo + ClockSkew);
        return (InboundAuthResult.Ok, verified);
    }

    /// <summary>The second half, once the activity is read: the key endorsed for its channel, and its serviceUrl the token's.</summary>
    public static InboundAuthResult CheckActivity(VerifiedToken token, string? channelId, string? serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.FromChannel && !string.IsNullOrEmpty(channelId) && !IsEndorsed(token.Configuration, token.Token.Kid, channelId))
            return InboundAuthResult.Forbidden($"the signing key is not endorsed for channel '{channelId}'");

        var claimedServiceUrl = token.Token.TryGetPayloadValue<string>("serviceurl", out var value) ? value : null;
        if (token.FromChannel && claimedServiceUrl is null)
            return InboundAuthResult.Forbidden("the token carries no serviceurl claim");
        if (claimedServiceUrl is not null && !string.Equals(claimedServiceUrl, serviceUrl, StringComparison.OrdinalIgnoreCase))
            return InboundAuthResult.Forbidden("the token's serviceurl does not match the activity's serviceUrl");
        return InboundAuthResult.Ok;
    }

    private async Task<(TokenValidationResult Result, OpenIdConnectConfiguration Configuration)> ValidateAsync(
        string token, OpenIdMetadataCache metadata, IReadOnlyList<string> issuers, CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
            {
                ValidIssuers = issuers,
                ValidAudience = options.AppId,
                IssuerSigningKeys = configuration.SigningKeys,
                ValidAlgorithms = Algorithms,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = ClockSkew,
                LifetimeValidator = (notBefore, expires, _, _) => WithinLifetime(notBefore, expires),
            });

            // A key we have not seen: the metadata may have rolled over. Refresh once and try again.
            if (!result.IsValid && attempt == 0 && result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                configuration = await metadata.RefreshForUnknownKeyAsync(cancellationToken);
                continue;
            }

            return (result, configuration);
        }
    }

    private bool WithinLifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is not null && now <= expires.Value + ClockSkew && (notBefore is null || now >= notBefore.Value - ClockSkew);
    }

    private string[] EntraIssuers() => string.IsNullOrEmpty(options.TenantId)
        ? []
        : [$"https://sts.windows.net/{options.TenantId}/", $"https://login.microsoftonline.com/{options.TenantId}/v2.0"];

    private static bool IsEndorsed(OpenIdConnectConfiguration configuration, string kid, string channelId)
    {
        var key = configuration.JsonWebKeySet?.Keys.FirstOrDefault(k => k.Kid == kid);
        if (key is null || !key.AdditionalData.TryGetValue("endorsements", out var endorsements)) return false;
        IEnumerable<string?> values = endorsements switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(e => e.GetString()),
            IEnumerable<object> list => list.Select(o => o?.ToString()),
            _ => [],
        };
        return values.Contains(channelId, StringComparer.OrdinalIgnoreCase);
    }
}
