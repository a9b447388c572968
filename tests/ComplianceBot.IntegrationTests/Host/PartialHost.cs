using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace ComplianceBot.IntegrationTests.Host;

/// <summary>Part of the host (what <paramref name="add"/> registers) built on given settings and started, as start-up checks see it.</summary>
internal static class PartialHost
{
    public static async Task StartAsync(string folder, IDictionary<string, string?> settings, Action<WebApplicationBuilder> add)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        add(builder);
        await using var app = builder.Build();
        await app.StartAsync();
        await app.StopAsync();
    }
}
