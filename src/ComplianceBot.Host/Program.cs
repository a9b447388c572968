using ComplianceBot.Channels.Teams;
using ComplianceBot.Host.Api;
using ComplianceBot.Host.Chat;
using ComplianceBot.Host.Commands;
using ComplianceBot.Host.Configuration;

if (args is [TeamsPackageCommand.Name, ..])
{
    return TeamsPackageCommand.Run(args[1..], Console.Out, Console.Error);
}

if (args is [MoveUpCommand.Name, ..])
{
    return await MoveUpCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddComplianceCore();
builder.AddApiConventions();
builder.AddChat();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealthChecks("/healthz");
app.MapAuditorApi();
app.MapAdminApi();
app.MapTeams();

app.Run();
return 0;

/// <summary>The host's entry point, visible to the integration tests.</summary>
public partial class Program;
