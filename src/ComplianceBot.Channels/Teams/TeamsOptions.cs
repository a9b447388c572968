namespace ComplianceBot.Channels.Teams;

/// <summary>Section "Teams": the bot's Microsoft app registration and where tokens come from.</summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";

    public const string BotFrameworkMetadata = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    public const string BotFrameworkIssuer = "https://api.botframework.com";

    /// <summary>Whether the Teams channel is on. It is when an app id is configured or development mode is.</summary>
    public bool Enabled => !string.IsNullOrEmpty(AppId) || AllowUnauthenticated;

    /// <summary>The bot's Microsoft App ID: the audience of inbound tokens, the client id of outbound ones.</summary>
    public string? AppId { get; set; }

    /// <summary>The client secret. A secret: environment or secret store only.</summary>
    public string? AppPassword { get; set; }

    /// <summary>Set for a single-tenant bot: tokens come from and are accepted from this Entra tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>Bot Framework OpenID metadata (differs in sovereign clouds). http:// only on loopback.</summary>
    public string OpenIdMetadataUrl { get; set; } = BotFrameworkMetadata;

    /// <summary>Entra OpenID metadata for a single-tenant bot's tokens; derived from <see cref="TenantId"/> when unset.</summary>
    public string? EntraOpenIdMetadataUrl { get; set; }

    /// <summary>The issuer Bot Framework channel tokens carry.</summary>
    public string Issuer { get; set; } = BotFrameworkIssuer;

    /// <summary>Where outbound client-credential tokens come from; derived from <see cref="TenantId"/> when unset.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>Where to create conversations with people who never wrote to the bot (e.g. https://smba.trafficmanager.net/teams/).</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>
    /// Development only: accept activities without a token (the Agents Playground sends none). Refused outside
    /// the Development environment and logged loudly at start.
    /// </summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>
    /// Whether people of <paramref name="tenantId"/> are the organisation's, and are enrolled on first contact: the
    /// configured tenant's; without one, nobody's, except in a local try-out (no tokens, Development only).
    /// </summary>
    public bool IsOrganisationTenant(string? tenantId) =>
        !string.IsNullOrEmpty(TenantId) ? string.Equals(tenantId, TenantId, StringComparison.OrdinalIgnoreCase) : AllowUnauthenticated;

    /// <summary>Microsoft Graph, for the directory sync (users delta); the app needs the User.Read.All application permission.</summary>
    public string GraphBaseUrl { get; set; } = "https://graph.microsoft.com/v1.0/";

    public string ResolvedTokenEndpoint => TokenEndpoint
        ?? $"https://login.microsoftonline.com/{(string.IsNullOrEmpty(TenantId) ? "botframework.com" : TenantId)}/oauth2/v2.0/token";

    public string? ResolvedEntraMetadataUrl => EntraOpenIdMetadataUrl
        ?? (string.IsNullOrEmpty(TenantId) ? null : $"https://login.microsoftonline.com/{TenantId}/v2.0/.well-known/openid-configuration");

    /// <summary>True when <paramref name="url"/> is https, or http to a loopback address (local issuers in tests).</summary>
    public static bool IsAcceptableEndpoint(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    public static bool IsLoopbackHttp(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback;
}
