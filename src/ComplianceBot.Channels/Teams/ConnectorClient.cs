using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace ComplianceBot.Channels.Teams;

/// <summary>
/// The Bot Connector REST API against an activity's serviceUrl: send, reply, update, create a 1:1 conversation,
/// read a member. Throttling (429) waits for Retry-After; 412/502/503 back off with jitter, a few times at most.
/// A POST that may have been carried out (a 504, a timeout after sending) is not repeated, so nothing is
/// posted twice; updates and reads are idempotent and are retried on those too.
/// </summary>
public sealed partial class ConnectorClient(HttpClient http, IBotTokenProvider tokens, TimeProvider time, ILogger<ConnectorClient> logger)
{
    public const int MaxAttempts = 5;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    /// <returns>The new activity's id, when the service gave one.</returns>
    public async Task<string?> SendAsync(string serviceUrl, string conversationId, JsonObject activity, string? replyToId, CancellationToken cancellationToken)
    {
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities" + (replyToId is null ? "" : $"/{Uri.EscapeDataString(replyToId)}");
        var response = await CallAsync(HttpMethod.Post, serviceUrl, path, activity, cancellationToken);
        return response?["id"]?.GetValue<string>();
    }

    public async Task UpdateAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken cancellationToken)
    {
        activity["id"] = activityId;
        await CallAsync(HttpMethod.Put, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", activity, cancellationToken);
    }

    /// <returns>The conversation id.</returns>
    public async Task<string> CreateConversationAsync(string serviceUrl, JsonObject parameters, CancellationToken cancellationToken)
    {
        var response = await CallAsync(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, cancellationToken);
        return response?["id"]?.GetValue<string>() ?? throw new HttpRequestException("The connector created a conversation but returned no id.");
    }

    /// <summary>A member of a conversation, with email and UPN where Teams provides them; null when unknown.</summary>
    public async Task<JsonObject?> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync(HttpMethod.Get, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/members/{Uri.EscapeDataString(userId)}", null, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.MethodNotAllowed)
        {
            return null;
        }
    }

    private async Task<JsonObject?> CallAsync(HttpMethod method, string serviceUrl, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var idempotent = method != HttpMethod.Post;
        var target = new Uri(new Uri(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/"), path);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, target);
            if (body is not null) request.Content = JsonContent.Create(body);
            var token = await tokens.GetTokenAsync(cancellationToken);
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex) when (idempotent && attempt < MaxAttempts)
            {
                LogRetry(method.Method, (int?)ex.StatusCode ?? 0, attempt);
                await Task.Delay(Backoff(attempt), time, cancellationToken);
                continue;
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    return response.Content.Headers.ContentLength == 0 || response.StatusCode == HttpStatusCode.NoContent
                        ? null
                        : await ReadObjectAsync(response, cancellationToken);
                }

                var status = (int)response.StatusCode;
                var retryable = status is 429 or 412 or 502 or 503 || (idempotent && status == 504);
                if (!retryable || attempt >= MaxAttempts)
                {
                    LogFailed(method.Method, status, attempt);
                    throw new HttpRequestException($"The Bot Connector answered {status} to {method} {path.Split('/')[^1]}.", null, response.StatusCode);
                }

                var delay = status == 429 ? RetryAfter(response) ?? Backoff(attempt) : Backoff(attempt);
                LogRetry(method.Method, status, attempt);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    private static async Task<JsonObject?> ReadObjectAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text) as JsonObject;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is null ? null : wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
    }

    // Exponential from 250 ms with ±50% jitter, so many senders do not retry in step.
    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1) * (0.5 + Random.Shared.NextDouble()));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot Connector {Method} answered {Status}; retrying (attempt {Attempt})")]
    private partial void LogRetry(string method, int status, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bot Connector {Method} failed with {Status} after {Attempt} attempts")]
    private partial void LogFailed(string method, int status, int attempt);
}
