using ComplianceBot.Channels.Teams;
using ComplianceBot.Fakes;

namespace ComplianceBot.IntegrationTests.Teams;

public sealed class BotFrameworkAuthenticatorTests : IAsyncLifetime
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    private LocalOpenIdIssuer issuer = null!;
    private readonly HttpClient http = new();

    public async Task InitializeAsync() => issuer = await LocalOpenIdIssuer.StartAsync();

    public async Task DisposeAsync()
    {
        http.Dispose();
        await issuer.DisposeAsync();
    }

    private BotFrameworkAuthenticator Authenticator(string? tenantId = null) => new(
        new TeamsOptions { AppId = LocalOpenIdIssuer.AppId, TenantId = tenantId },
        new OpenIdMetadataCache(issuer.BotFrameworkMetadataUrl, http, TimeProvider.System),
        tenantId is null ? null : new OpenIdMetadataCache(issuer.EntraMetadataUrl, http, TimeProvider.System),
        TimeProvider.System);

    private Task<InboundAuthResult> CheckAsync(string? header, string channelId = "msteams", string serviceUrl = ServiceUrl, string? tenantId = null) =>
        Authenticator(tenantId).AuthenticateAsync(header, channelId, serviceUrl);

    [Fact]
    public async Task Valid_channel_token_is_accepted()
    {
        var result = await CheckAsync("Bearer " + issuer.ChannelToken(ServiceUrl));
        Assert.True(result.Accepted, result.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln")]
    public async Task Missing_or_garbled_token_is_401(string? header)
    {
        var result = await CheckAsync(header);
        Assert.Equal((false, 401), (result.Accepted, result.StatusCode));
    }

    [Fact]
    public async Task Wrong_issuer_is_401() =>
        Assert.Equal(401, (await CheckAsync("Bearer " + issuer.ChannelToken(ServiceUrl, issuer: "https://evil.example"))).StatusCode);

    [Fact]
    public async Task Wrong_audience_is_401() =>
        Assert.Equal(401, (await CheckAsync("Bearer " + issuer.ChannelToken(ServiceUrl, audience: "some-other-bot"))).StatusCode);

    [Fact]
    public async Task Expired_token_is_401_but_skew_of_five_minutes_is_allowed()
    {
        var now = DateTime.UtcNow;
        var expired = issuer.ChannelToken(ServiceUrl, expires: now.AddMinutes(-6), notBefore: now.AddMinutes(-60));
        var withinSkew = issuer.ChannelToken(ServiceUrl, expires: now.AddMinutes(-4), notBefore: now.AddMinutes(-60));
        Assert.Equal(401, (await CheckAsync("Bearer " + expired)).StatusCode);
        Assert.True((await CheckAsync("Bearer " + withinSkew)).Accepted);
    }

    [Fact]
    public async Task Token_signed_by_an_unpublished_key_is_401()
    {
        var forged = issuer.ChannelToken(ServiceUrl, signWith: LocalOpenIdIssuer.NewKey("bf-1"));
        Assert.Equal(401, (await CheckAsync("Bearer " + forged)).StatusCode);
    }

    [Fact]
    public async Task Key_not_endorsed_for_the_channel_is_403()
    {
        var result = await CheckAsync("Bearer " + issuer.ChannelToken(ServiceUrl), channelId: "slack");
        Assert.Equal(403, result.StatusCode);
        Assert.Contains("endorsed", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceUrl_mismatch_is_403()
    {
        var result = await CheckAsync("Bearer " + issuer.ChannelToken("https://smba.trafficmanager.net/emea/"));
        Assert.Equal(403, result.StatusCode);
        Assert.Contains("serviceurl", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_signing_key_is_picked_up_by_refreshing_the_metadata()
    {
        var authenticator = Authenticator();
        Assert.True((await authenticator.AuthenticateAsync("Bearer " + issuer.ChannelToken(ServiceUrl), "msteams", ServiceUrl)).Accepted);
        var requestsBefore = issuer.MetadataRequests;

        var kid = issuer.RotateKey("msteams");
        var result = await authenticator.AuthenticateAsync("Bearer " + issuer.ChannelToken(ServiceUrl, kid), "msteams", ServiceUrl);

        Assert.True(result.Accepted, result.Reason);
        Assert.True(issuer.MetadataRequests > requestsBefore);
    }

    [Fact]
    public async Task Single_tenant_bot_accepts_its_tenants_Entra_tokens_only()
    {
        Assert.True((await CheckAsync("Bearer " + issuer.EntraToken(), tenantId: LocalOpenIdIssuer.TenantId)).Accepted);
        Assert.Equal(401, (await CheckAsync("Bearer " + issuer.EntraToken())).StatusCode);
        Assert.Equal(401, (await CheckAsync("Bearer " + issuer.EntraToken(audience: "other"), tenantId: LocalOpenIdIssuer.TenantId)).StatusCode);
    }

    [Fact]
    public async Task A_kept_token_is_refused_once_it_expires()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var authenticator = new BotFrameworkAuthenticator(
            new TeamsOptions { AppId = LocalOpenIdIssuer.AppId },
            new OpenIdMetadataCache(issuer.BotFrameworkMetadataUrl, http, clock),
            null,
            clock);
        var token = "Bearer " + issuer.ChannelToken(ServiceUrl, expires: clock.GetUtcNow().UtcDateTime.AddMinutes(10));
        Assert.True((await authenticator.AuthenticateAsync(token, "msteams", ServiceUrl)).Accepted);
        Assert.True((await authenticator.AuthenticateAsync(token, "msteams", ServiceUrl)).Accepted); // now kept

        clock.Advance(TimeSpan.FromMinutes(16)); // past the expiry and the five minutes of skew
        Assert.Equal(401, (await authenticator.AuthenticateAsync(token, "msteams", ServiceUrl)).StatusCode);
    }

    [Fact]
    public async Task A_kept_token_does_not_vouch_for_the_same_claims_with_another_signature()
    {
        var authenticator = Authenticator();
        var token = issuer.ChannelToken(ServiceUrl);
        Assert.True((await authenticator.AuthenticateAsync("Bearer " + token, "msteams", ServiceUrl)).Accepted);

        var forged = token[..(token.LastIndexOf('.') + 1)] + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(new byte[256]);
        Assert.Equal(401, (await authenticator.AuthenticateAsync("Bearer " + forged, "msteams", ServiceUrl)).StatusCode);
    }

    [Fact]
    public async Task A_kept_token_is_still_checked_against_each_activity()
    {
        var authenticator = Authenticator();
        var token = "Bearer " + issuer.ChannelToken(ServiceUrl);
        Assert.True((await authenticator.AuthenticateAsync(token, "msteams", ServiceUrl)).Accepted);
        Assert.Equal(403, (await authenticator.AuthenticateAsync(token, "msteams", "https://evil.example/")).StatusCode);
        Assert.Equal(403, (await authenticator.AuthenticateAsync(token, "slack", ServiceUrl)).StatusCode);
    }
}
