using ComplianceBot.Core.Diagnostics;
using ComplianceBot.Core.Storage;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ComplianceBot.Host.Observability;

public static class ObservabilityServices
{
    public const string DefaultServiceName = "compliancebot";

    /// <summary>
    /// Logs that carry their trace and span ids, JSON on the console when <c>Observability__JsonLogs</c> is true,
    /// and, only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, traces, metrics and logs exported over OTLP. Without
    /// an endpoint nothing listens to the bot's activity source, so no span is created on the hot path.
    /// Call after the stores are added: the record store is wrapped to time its calls.
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.AddOptions<ObservabilityOptions>()
            .Bind(configuration.GetSection(ObservabilityOptions.Section))
            .Configure(o =>
            {
                o.OtlpEndpoint = configuration[ObservabilityOptions.EndpointSetting];
                o.OtlpProtocol = configuration[ObservabilityOptions.ProtocolSetting];
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ObservabilityOptions>, ObservabilityOptionsValidator>();

        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (bool.TryParse(configuration[$"{ObservabilityOptions.Section}:{nameof(ObservabilityOptions.JsonLogs)}"], out var json) && json)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true; // the trace and span ids travel in the scope
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        // A malformed endpoint is reported by the validator at start, not half-wired here.
        if (!ObservabilityOptions.IsEndpoint(configuration[ObservabilityOptions.EndpointSetting])) return builder;

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(
                configuration["OTEL_SERVICE_NAME"] ?? DefaultServiceName,
                serviceVersion: typeof(ObservabilityServices).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing
                .AddSource(BotTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(BotTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithLogging(logging => { }, options => options.IncludeScopes = true)
            .UseOtlpExporter();

        services.AddSingleton<InboxGauges>();
        services.AddHostedService(sp => new GaugesStart(sp.GetRequiredService<InboxGauges>()));
        DecorateStore(services);
        return builder;
    }

    /// <summary>Replaces the record store's registration with the same store, timed.</summary>
    private static void DecorateStore(IServiceCollection services)
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(IComplianceStore))
            ?? throw new InvalidOperationException("AddObservability must come after the record store is added.");
        services.Remove(original);
        services.AddSingleton<IComplianceStore>(sp => new TimedComplianceStore(original switch
        {
            { ImplementationInstance: IComplianceStore instance } => instance,
            { ImplementationFactory: { } factory } => (IComplianceStore)factory(sp),
            _ => (IComplianceStore)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!),
        }));
    }

    /// <summary>Creates the inbox gauges when the host starts, so the first collection finds them.</summary>
    private sealed class GaugesStart(InboxGauges gauges) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(gauges);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
