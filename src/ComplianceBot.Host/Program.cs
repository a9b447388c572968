using System.Reflection;
using ComplianceBot.Channels.Slack;
using ComplianceBot.Channels.Teams;
using ComplianceBot.Host.Api;
using ComplianceBot.Host.Chat;
using ComplianceBot.Host.Commands;
using ComplianceBot.Host.Configuration;
using ComplianceBot.Host.Jobs;
using ComplianceBot.Host.Observability;
using ComplianceBot.Host.Security;
using ComplianceBot.Host.Startup;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

return await HostCommandLine.InvokeAsync(args, RunBotAsync, Console.Out, Console.Error);

static async Task<int> RunBotAsync(string[] settings)
{
    // Settings are read and validated once, at start. Watching them for changes would also watch the folder tree the
    // embedded database writes into, and wake a watcher thread on every commit.
    var builder = WebApplication.CreateBuilder([.. settings, "--hostBuilder:reloadConfigOnChange=false"]);

    // Where to listen: ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS, Urls or --urls as given; only when none is, the
    // bot's usual local address. (A default in appsettings.json would hide ASPNETCORE_URLS.)
    if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"])
        && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
        builder.WebHost.UseUrls("http://127.0.0.1:3978");

    builder.AddComplianceCore();
    builder.AddApiConventions();
    builder.AddChat();
    builder.AddJobs();
    builder.AddObservability();

    var app = builder.Build();

    // Run as its own process, a bad setting ends it with exit code 1 and one line naming the setting. Hosted inside
    // another process (WebApplicationFactory in the tests) the failure reaches that process as an exception.
    if (Assembly.GetEntryAssembly() == typeof(Program).Assembly && !SettingsCheck.Passes(app.Services, Console.Error))
    {
        await app.DisposeAsync();
        return 1;
    }

    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseApiKeys();
    app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
    app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync });
    app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready), ResponseWriter = HealthReportWriter.WriteAsync });
    app.MapAuditorApi();
    app.MapAdminApi();
    app.MapOnboardingApi();
    app.MapCharts();
    app.MapTeams();
    app.MapSlack();
    app.MapJobs();

    await app.RunAsync();
    return 0;
}

/// <summary>The host's entry point, visible to the integration tests.</summary>
public partial class Program;
