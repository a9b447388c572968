using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ComplianceBot.Channels.Http;

/// <summary>
/// The one resilience pipeline for every HTTP call to a chat platform: the Slack Web API, the Bot Connector and
/// evidence file downloads. A call is tried again only when repeating it cannot do anything twice: after a 429
/// (the platform did not carry it out) waiting for its Retry-After, after a 412, when the connection was never
/// made, or — for idempotent calls only — after a 5xx, a 408 or a time-out. A POST is not idempotent unless
/// marked so (<see cref="MarkIdempotent"/>): a post that may have been carried out is never repeated. Each attempt
/// has its own time-out, and all waits of one call together stay within <see cref="MaxTotalWait"/>.
/// </summary>
public static class ChatHttpResilience
{
    /// <summary>Tries per call, the first included.</summary>
    public const int MaxAttempts = 4;

    /// <summary>The longest Retry-After waited out; a longer one ends the call with the 429 at once.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>All waits between the attempts of one call together stay within this.</summary>
    public static readonly TimeSpan MaxTotalWait = TimeSpan.FromSeconds(60);

    /// <summary>How long one attempt may take to get its answer's headers.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The <see cref="HttpClient.Timeout"/> for a client behind the pipeline: every attempt and every wait fit in it.</summary>
    public static readonly TimeSpan ClientTimeout = AttemptTimeout * MaxAttempts + MaxTotalWait + TimeSpan.FromSeconds(30);

    private static readonly HttpRequestOptionsKey<bool> Idempotent = new("ComplianceBot.Idempotent");
    private static readonly ResiliencePropertyKey<TimeSpan> Waited = new("ComplianceBot.Waited");
    private static readonly ResiliencePropertyKey<TimeSpan> NextWait = new("ComplianceBot.NextWait");

    /// <summary>Says that repeating this POST is harmless (Slack's reads and updates are POSTs too).</summary>
    public static HttpRequestMessage MarkIdempotent(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(Idempotent, true);
        return request;
    }

    public static bool IsIdempotent(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (request.Method != HttpMethod.Post && request.Method != HttpMethod.Patch) || (request.Options.TryGetValue(Idempotent, out var marked) && marked);
    }

    /// <summary>Whether the request certainly never left this machine (no connection, no name, no TLS session).</summary>
    public static bool NothingWasSent(HttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
    }

    /// <summary>The pipeline as the client's outermost handler, on the clock registered in the container.</summary>
    public static IHttpClientBuilder AddChatResilience(this IHttpClientBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddResilienceHandler(name, (pipeline, context) => Configure(pipeline, context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System));
        return builder;
    }

    /// <summary>The same pipeline as a handler over <paramref name="inner"/>, for a client built by hand (tools, tests).</summary>
    public static DelegatingHandler Handler(TimeProvider time, HttpMessageHandler inner)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        Configure(pipeline, time);
        return new ResilienceHandler(pipeline.Build()) { InnerHandler = inner };
    }

    /// <summary>How long the answer asks us to wait (Retry-After as seconds or as a date), never negative.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(time);
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is null ? null : wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, TimeProvider time)
    {
        pipeline.TimeProvider = time;
        pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = MaxAttempts - 1,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, args.AttemptNumber, time)),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(NextWait, TimeSpan.Zero)),
        });
        pipeline.AddTimeout(AttemptTimeout);
    }

    /// <summary>Decides, and books the wait against the call's budget: a retry that would overrun it is not made.</summary>
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attempt, TimeProvider time)
    {
        var idempotent = context.GetRequestMessage() is { } request && IsIdempotent(request);
        var wait = outcome switch
        {
            { Exception: HttpRequestException ex } when idempotent || NothingWasSent(ex) => Backoff(attempt),
            { Exception: TimeoutRejectedException } when idempotent => Backoff(attempt),
            { Result.StatusCode: HttpStatusCode.TooManyRequests } => RetryAfter(outcome.Result!, time) ?? Backoff(attempt),
            { Result.StatusCode: HttpStatusCode.PreconditionFailed } => Backoff(attempt),
            { Result.StatusCode: HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
                or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } when idempotent => RetryAfter(outcome.Result!, time) ?? Backoff(attempt),
            _ => (TimeSpan?)null,
        };
        if (wait is not { } due || due > MaxRetryAfter) return false;
        var waited = context.Properties.GetValue(Waited, TimeSpan.Zero);
        if (waited + due > MaxTotalWait) return false;
        context.Properties.Set(Waited, waited + due);
        context.Properties.Set(NextWait, due);
        return true;
    }

    // Exponential from 500 ms with ±50% jitter, so many senders do not retry in step.
    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(500 * Math.Pow(2, attempt) * (0.5 + Random.Shared.NextDouble()));
}
