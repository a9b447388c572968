using ComplianceBot.Host.Api;
using ComplianceBot.Host.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.AddComplianceCore();
builder.AddApiConventions();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealthChecks("/healthz");
app.MapAuditorApi();
app.MapAdminApi();

app.Run();

/// <summary>The host's entry point, visible to the integration tests.</summary>
public partial class Program;
