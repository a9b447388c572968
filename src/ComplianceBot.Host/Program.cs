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

if (args is [TeamsPackageCommand.Name, ..])
{
    return TeamsPackageCommand.Run(args[1..], Console.Out, Console.Error);
}

if (args is [MoveUpCommand.Name, ..])
{
    return await MoveUpCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

// Settings are read and validated once, at start. Watching them for changes would also watch the folder tree the
// embedded database writes into, and wake a watcher thread on every commit.
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);

builder.AddComplianceCore();
builder.AddApiConventions();
builder.AddChat();
builder.AddJobs();
builder.AddObservability();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseApiKeys();
app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync });
app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready), ResponseWriter = HealthReportWriter.WriteAsync });
app.MapAuditorApi();
app.MapAdminApi();
app.MapCharts();
app.MapTeams();
app.MapSlack();
app.MapJobs();

app.Run();
return 0;

/// <summary>The host's entry point, visible to the integration tests.</summary>
public partial class Program;
