using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ComplianceBot.Host.Startup;

/// <summary>/healthz as JSON: the overall status and each check with its description and figures.</summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.ToDictionary(d => d.Key, d => d.Value.ToString()),
            }),
        }, HealthJson));
    }

    private static readonly JsonSerializerOptions HealthJson = new(JsonSerializerDefaults.Web);
}
