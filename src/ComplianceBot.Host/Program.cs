using ComplianceBot.Channels.Teams;
using ComplianceBot.Host.Api;
using ComplianceBot.Host.Chat;
using ComplianceBot.Host.Configuration;

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

/// <summary>The host's entry point, visible to the integration tests.</summary>
public partial class Program;
