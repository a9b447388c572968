using System.Globalization;
using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace ComplianceBot.Storage.Cosmos;

/// <summary>
/// A request handler in the SDK's pipeline, after the SDK's own retries: answers of 429 (throttled) and 503
/// (unavailable) are retried a bounded number of times within a time budget, honouring the server's
/// retry-after; and every call slower than the threshold is logged with its diagnostics.
/// </summary>
public sealed partial class CosmosCallPolicy(CosmosStoreSettings settings, TimeProvider time, ILogger<CosmosCallPolicy> logger)
    : RequestHandler
{
    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = time.GetTimestamp();

        // The transport disposes the body it sends, so a body is kept aside for the retries.
        byte[]? body = null;
        if (request.Content is not null)
        {
            using var copy = new MemoryStream();
            await request.Content.CopyToAsync(copy, cancellationToken);
            body = copy.ToArray();
        }

        for (var attempt = 1; ; attempt++)
        {
            if (body is not null) request.Content = new MemoryStream(body, writable: false);
            var response = await base.SendAsync(request, cancellationToken);
            var elapsed = time.GetElapsedTime(started);
            if (elapsed >= settings.SlowCallThreshold)
            {
                LogSlowCall(request.Method.Method, request.RequestUri?.OriginalString ?? "", (int)response.StatusCode,
                    (long)elapsed.TotalMilliseconds, response.Diagnostics?.ToString() ?? "");
            }

            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                || attempt > settings.MaxRetries)
            {
                return response;
            }

            var wait = RetryAfter(response) ?? TimeSpan.FromMilliseconds(50 * Math.Pow(2, attempt - 1));
            if (elapsed + wait > settings.RetryBudget) return response;
            LogRetry(request.Method.Method, request.RequestUri?.OriginalString ?? "", (int)response.StatusCode, attempt, (long)wait.TotalMilliseconds);
            response.Content?.Dispose();
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private static TimeSpan? RetryAfter(ResponseMessage response) =>
        double.TryParse(response.Headers["x-ms-retry-after-ms"], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cosmos DB {Method} {Resource} answered {Status} after {ElapsedMs} ms; diagnostics: {Diagnostics}")]
    private partial void LogSlowCall(string method, string resource, int status, long elapsedMs, string diagnostics);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cosmos DB {Method} {Resource} answered {Status}; retrying in {WaitMs} ms (attempt {Attempt})")]
    private partial void LogRetry(string method, string resource, int status, int attempt, long waitMs);
}
