using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Channels.Http;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace ComplianceBot.Channels.Teams;

/// <summary>
/// The Bot Connector REST API against an activity's serviceUrl: send, reply, update, create a 1:1 conversation,
/// read a member. Retries happen in the client's resilience handler (<see cref="ChatHttpResilience"/>): a 429
/// after its Retry-After; a POST that may have been carried out (a 5xx, a time-out after sending) is not
/// repeated, so nothing is posted twice; updates and reads are idempotent and are retried on those too. Every
/// failure that comes out is a <see cref="BotConnectorException"/>.
/// </summary>
public sealed partial class ConnectorClient(HttpClient http, IBotTokenProvider tokens, ILogger<ConnectorClient> logger)
{
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
        return response?["id"]?.GetValue<string>() ?? throw new BotConnectorException("POST conversations", 200, "MissingId", mayHaveBeenCarriedOut: true);
    }

    /// <summary>A member of a conversation, with email and UPN where Teams provides them; null when unknown.</summary>
    public async Task<JsonObject?> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync(HttpMethod.Get, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/members/{Uri.EscapeDataString(userId)}", null, cancellationToken);
        }
        catch (BotConnectorException ex) when (ex.HttpStatus is 403 or 404 or 405)
        {
            return null;
        }
    }

    private async Task<JsonObject?> CallAsync(HttpMethod method, string serviceUrl, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var operation = $"{method} {OperationOf(path)}";
        var idempotent = method != HttpMethod.Post;
        var target = new Uri(new Uri(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/"), path);
        using var request = new HttpRequestMessage(method, target);
        if (body is not null) request.Content = JsonContent.Create(body);
        var token = await tokens.GetTokenAsync(cancellationToken);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            LogFailed(operation, 0);
            throw new BotConnectorException(operation, null, "network", !idempotent && !ChatHttpResilience.NothingWasSent(ex), ex);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogFailed(operation, 0);
            throw new BotConnectorException(operation, null, "timeout", !idempotent, ex);
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
            LogFailed(operation, status);
            var code = (await ReadErrorAsync(response, cancellationToken))?["error"]?["code"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            throw new BotConnectorException(operation, status, code, !idempotent && status is >= 500 or 408);
        }
    }

    private static string OperationOf(string path) =>
        path.Contains("/members/", StringComparison.Ordinal) ? "members" : path.Contains("/activities", StringComparison.Ordinal) ? "activities" : "conversations";

    private static async Task<JsonObject?> ReadObjectAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text) as JsonObject;
    }

    private static async Task<JsonObject?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadObjectAsync(response, cancellationToken);
        }
        catch (JsonException)
        {
            // An HTML error page from a proxy: the status says enough.
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot Connector {Operation} failed with {Status}")]
    private partial void LogFailed(string operation, int status);
}
