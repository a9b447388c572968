using System.Text.Json;
using ComplianceBot.Channels.Teams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ComplianceBot.Benchmarks.Bare;

/// <summary>
/// A bare ASP.NET endpoint that only checks the Bot Framework token (with the same verifier as the bot) and
/// answers 200, on any path the bot serves. Usage: teams PORT APP_ID OPENID_METADATA_URL.
/// </summary>
internal static class TeamsBareEndpoint
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (port, appId, metadata) = (args[0], args[1], args[2]);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        using var http = new HttpClient();
        using var cache = new OpenIdMetadataCache(metadata, http, TimeProvider.System);
        var authenticator = new BotFrameworkAuthenticator(new TeamsOptions { AppId = appId }, cache, null, TimeProvider.System);
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var channelId = body.RootElement.TryGetProperty("channelId", out var c) ? c.GetString() : null;
            var serviceUrl = body.RootElement.TryGetProperty("serviceUrl", out var s) ? s.GetString() : null;
            var verdict = await authenticator.AuthenticateAsync(request.Headers.Authorization.ToString(), channelId, serviceUrl);
            return verdict.Accepted ? Results.Ok() : Results.StatusCode(verdict.StatusCode);
        });
        await app.RunAsync();
        return 0;
    }
}
