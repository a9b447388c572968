using ComplianceBot.Channels.Slack;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ComplianceBot.Benchmarks.Bare;

/// <summary>
/// A bare ASP.NET endpoint that only checks the Slack request signature (with the same verifier as the bot) and
/// answers 200, on any path the bot serves (events, interactions). Usage: slack PORT SIGNING_SECRET.
/// </summary>
internal static class SlackBareEndpoint
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (port, secret) = (args[0], args[1]);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var verifier = new SlackRequestVerifier(secret, TimeProvider.System);
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            return verifier.Verify(request.Headers, buffer.GetBuffer().AsSpan(0, (int)buffer.Length)).IsValid ? Results.Ok() : Results.Unauthorized();
        });
        await app.RunAsync();
        return 0;
    }
}
