using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComplianceBot.IntegrationTests.Observability;

/// <summary>
/// A local OTLP/HTTP collector: takes protobuf exports at /v1/traces and keeps the spans; metrics and logs are
/// accepted and dropped. Waiters wake on every export.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private TaskCompletionSource exported = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OtlpReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    public string Endpoint { get; private set; } = "";

    /// <summary>The host settings that export to this receiver over OTLP/HTTP, in batches sent within 100 ms.</summary>
    public Dictionary<string, string?> HostSettings => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
    };

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", (Delegate)receiver.ReceiveTracesAsync);
        app.MapPost("/v1/{signal}", (string signal) => Results.Bytes([], "application/x-protobuf"));
        await app.StartAsync();
        receiver.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    /// <summary>Waits until <paramref name="done"/> holds for the spans received, or <paramref name="within"/> has passed.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyCollection<ReceivedSpan>, bool> done, TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        while (true)
        {
            var next = Volatile.Read(ref exported).Task;
            if (done(Spans)) return;
            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task<IResult> ReceiveTracesAsync(HttpContext http)
    {
        await using var gzip = http.Request.Headers.ContentEncoding.ToString() == "gzip" ? new GZipStream(http.Request.Body, CompressionMode.Decompress) : null;
        using var buffer = new MemoryStream();
        await ((Stream?)gzip ?? http.Request.Body).CopyToAsync(buffer);
        foreach (var span in OtlpSpanReader.Read(buffer.ToArray())) Spans.Enqueue(span);
        Interlocked.Exchange(ref exported, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

        // An empty ExportTraceServiceResponse: everything accepted.
        return Results.Bytes([], "application/x-protobuf");
    }
}
