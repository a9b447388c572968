using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Observability;

/// <summary>
/// Section "Observability", plus the standard OpenTelemetry variables: traces, metrics and logs go out over OTLP
/// only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_SERVICE_NAME</c>
/// and the other <c>OTEL_*</c> settings apply as the OpenTelemetry SDK documents them).
/// </summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Observability";
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolSetting = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>One JSON object per log line on the console (with trace and span ids), for log collectors.</summary>
    public bool JsonLogs { get; set; }

    /// <summary>Where OTLP goes (from <see cref="EndpointSetting"/>); nothing is exported when unset.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>grpc (the default) or http/protobuf (from <see cref="ProtocolSetting"/>).</summary>
    public string? OtlpProtocol { get; set; }

    /// <summary>Whether <paramref name="value"/> is an endpoint OTLP can be sent to: an absolute http or https URL.</summary>
    public static bool IsEndpoint(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var endpoint) && (endpoint.Scheme == Uri.UriSchemeHttp || endpoint.Scheme == Uri.UriSchemeHttps);
}

/// <summary>Start-up check of the exporter settings; each message names the setting as it is written.</summary>
internal sealed class ObservabilityOptionsValidator : IValidateOptions<ObservabilityOptions>
{
    public ValidateOptionsResult Validate(string? name, ObservabilityOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint) && !ObservabilityOptions.IsEndpoint(options.OtlpEndpoint))
        {
            failures.Add($"{ObservabilityOptions.EndpointSetting} '{options.OtlpEndpoint}' must be an absolute http:// or https:// URL (e.g. http://collector:4317).");
        }

        if (!string.IsNullOrWhiteSpace(options.OtlpProtocol) && options.OtlpProtocol is not ("grpc" or "http/protobuf"))
            failures.Add($"{ObservabilityOptions.ProtocolSetting} '{options.OtlpProtocol}' is not supported; use 'grpc' or 'http/protobuf'.");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
