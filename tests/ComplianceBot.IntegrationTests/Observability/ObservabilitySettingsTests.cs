using ComplianceBot.Host.Configuration;
using ComplianceBot.Host.Observability;
using ComplianceBot.IntegrationTests.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ComplianceBot.IntegrationTests.Observability;

public sealed class ObservabilitySettingsTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "not a url")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")]
    public async Task Invalid_telemetry_export_setting_stops_the_host_naming_it(string key, string value)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Api:Key"] = ComplianceBotFactory.ApiKey,
            ["Storage:EmbeddedPath"] = Path.Combine(folder.Path, "compliancebot.db"),
            ["Evidence:LocalPath"] = Path.Combine(folder.Path, "evidence"),
            [key] = value,
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => PartialHost.StartAsync(folder.Path, settings, b =>
        {
            b.AddComplianceCore();
            b.AddObservability();
        }));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_logs_setting_writes_console_lines_as_json_with_trace_ids_in_scope()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder.Path, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Observability:JsonLogs"] = "true" });
        builder.AddObservability();
        using var services = builder.Services.BuildServiceProvider();

        Assert.Equal(ConsoleFormatterNames.Json, services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
        Assert.True(services.GetRequiredService<IOptions<JsonConsoleFormatterOptions>>().Value.IncludeScopes);
        var tracking = services.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value.ActivityTrackingOptions;
        Assert.True(tracking.HasFlag(ActivityTrackingOptions.TraceId) && tracking.HasFlag(ActivityTrackingOptions.SpanId));
    }
}
