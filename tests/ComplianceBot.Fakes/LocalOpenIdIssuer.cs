using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ComplianceBot.Fakes;

/// <summary>
/// A real OpenID issuer on loopback that plays login.botframework.com (keys with endorsements) and an Entra
/// tenant, and mints tokens the way they do. Keys can be rotated to test metadata refresh.
/// </summary>
public sealed class LocalOpenIdIssuer : IAsyncDisposable
{
    public const string AppId = "a5ad4d9c-5c33-4b5c-9b7c-1f1d9f3a0b11";
    public const string TenantId = "0e2c31b8-7a35-4e4e-9a7b-3c7c2d1f5e42";

    private readonly WebApplication app;
    private readonly List<(RsaSecurityKey Key, string[] Endorsements)> channelKeys = [];
    private readonly RsaSecurityKey entraKey = NewKey("entra-1");

    private LocalOpenIdIssuer(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    public string BotFrameworkMetadataUrl => $"{BaseUrl}/v1/.well-known/openidconfiguration";

    public string EntraMetadataUrl => $"{BaseUrl}/{TenantId}/v2.0/.well-known/openid-configuration";

    public int MetadataRequests { get; private set; }

    /// <summary>The issuer's clock, for hosts that run on a fake one.</summary>
    public Func<DateTime> Now { get; set; } = () => DateTime.UtcNow;

    public static async Task<LocalOpenIdIssuer> StartAsync()
    {
        var app = LoopbackServer.Create();
        var issuer = new LocalOpenIdIssuer(app);
        issuer.channelKeys.Add((NewKey("bf-1"), ["msteams", "webchat"]));
        app.MapGet("/v1/.well-known/openidconfiguration", () =>
        {
            issuer.MetadataRequests++;
            return Results.Json(Metadata("https://api.botframework.com", $"{issuer.BaseUrl}/v1/.well-known/keys"));
        });
        app.MapGet("/v1/.well-known/keys", () => Results.Json(Keys(issuer.channelKeys)));
        app.MapGet($"/{TenantId}/v2.0/.well-known/openid-configuration", () =>
            Results.Json(Metadata($"https://login.microsoftonline.com/{TenantId}/v2.0", $"{issuer.BaseUrl}/{TenantId}/discovery/v2.0/keys")));
        app.MapGet($"/{TenantId}/discovery/v2.0/keys", () => Results.Json(Keys([(issuer.entraKey, [])])));
        issuer.BaseUrl = await LoopbackServer.StartAsync(app);
        return issuer;
    }

    /// <summary>Publishes a new signing key (as the Bot Framework does from time to time) and returns its id.</summary>
    public string RotateKey(params string[] endorsements)
    {
        var kid = $"bf-{channelKeys.Count + 1}";
        channelKeys.Add((NewKey(kid), endorsements.Length > 0 ? endorsements : ["msteams"]));
        return kid;
    }

    public string ChannelToken(
        string serviceUrl, string? kid = null, string issuer = "https://api.botframework.com", string audience = AppId,
        DateTime? expires = null, DateTime? notBefore = null, RsaSecurityKey? signWith = null)
    {
        var key = signWith ?? channelKeys.First(k => kid is null || k.Key.KeyId == kid).Key;
        return Mint(key, issuer, audience, expires, notBefore, new Dictionary<string, object> { ["serviceurl"] = serviceUrl });
    }

    public string EntraToken(string audience = AppId) =>
        Mint(entraKey, $"https://login.microsoftonline.com/{TenantId}/v2.0", audience, null, null,
            new Dictionary<string, object> { ["azp"] = "bot-connector", ["tid"] = TenantId });

    public static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private string Mint(
        RsaSecurityKey key, string issuer, string audience, DateTime? expires, DateTime? notBefore, Dictionary<string, object> claims)
    {
        var now = Now();
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = (notBefore ?? now).AddMinutes(-1),
            NotBefore = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddMinutes(60),
            Claims = claims,
            Subject = new ClaimsIdentity(),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private static JsonObject Metadata(string issuer, string jwksUri) => new()
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = "https://invalid.example/authorize",
        ["jwks_uri"] = jwksUri,
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
    };

    private static JsonObject Keys(IEnumerable<(RsaSecurityKey Key, string[] Endorsements)> keys) => new()
    {
        ["keys"] = new JsonArray(keys.Select(k =>
        {
            var p = k.Key.Rsa.ExportParameters(false);
            return (JsonNode)new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = k.Key.KeyId,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                ["endorsements"] = new JsonArray(k.Endorsements.Select(e => (JsonNode)e).ToArray()),
            };
        }).ToArray()),
    };
}
