using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ComplianceBot.Channels.Teams;

/// <summary>
/// OpenID metadata and signing keys for one issuer, fetched on first use, refreshed every 12 hours (the Bot
/// Framework asks for at least daily), and refreshed at once — at most once a minute — when a token names a
/// key we have not seen, so key rollover never rejects valid traffic for long.
/// </summary>
public sealed class OpenIdMetadataCache(string url, HttpClient http, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(12);
    private static readonly TimeSpan MinForcedInterval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim gate = new(1, 1);
    private OpenIdConnectConfiguration? current;
    private DateTimeOffset fetchedAt;
    private DateTimeOffset forcedAt = DateTimeOffset.MinValue;

    public string Url => url;

    public async Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = current;
        if (snapshot is not null && time.GetUtcNow() - fetchedAt < MaxAge) return snapshot;
        return await RefreshAsync(force: false, cancellationToken);
    }

    /// <summary>Fetches again unless that happened within the last minute; returns what is current afterwards.</summary>
    public Task<OpenIdConnectConfiguration> RefreshForUnknownKeyAsync(CancellationToken cancellationToken = default) =>
        RefreshAsync(force: true, cancellationToken);

    private async Task<OpenIdConnectConfiguration> RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (current is not null && (force ? now - forcedAt < MinForcedInterval : now - fetchedAt < MaxAge)) return current;
            if (force) forcedAt = now;
            var retriever = new HttpDocumentRetriever(http) { RequireHttps = !TeamsOptions.IsLoopbackHttp(url) };
            current = await OpenIdConnectConfigurationRetriever.GetAsync(url, retriever, cancellationToken);
            fetchedAt = time.GetUtcNow();
            return current;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
