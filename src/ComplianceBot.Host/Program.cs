using ComplianceBot.Host.Api;
using ComplianceBot.Host.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.AddComplianceCore();
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o => ComplianceJsonHttp.Apply(o.SerializerOptions));

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealthChecks("/healthz");
app.MapAuditorApi();

app.Run();

/// <summary>The host's entry point, visible to the integration tests.</summary>
public partial class Program;
