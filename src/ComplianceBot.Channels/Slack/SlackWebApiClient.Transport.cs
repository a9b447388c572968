using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Channels.Http;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// Sending and reading answers: one request path for every method and for file downloads. Retries happen in the
/// client's resilience handler (<see cref="ChatHttpResilience"/>); what reaches this code is final.
/// </summary>
public sealed partial class SlackWebApiClient
{
    private const int MaxRedirects = 5;

    /// <summary>Each method's URL under the API base, made once.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Uri> methodUris = new(StringComparer.Ordinal);
    private static readonly MediaTypeHeaderValue Json = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

    private async Task<JsonObject> SendAsync(string method, Func<HttpContent> content, bool idempotent, CancellationToken cancellationToken)
    {
        var target = methodUris.GetOrAdd(method, static (m, apiBase) => new Uri(apiBase, m), options.ApiBase);
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = content() };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token());
        using var response = await SendOnceAsync(method, request, idempotent, cancellationToken);

        var status = (int)response.StatusCode;
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken)) as JsonObject;
        }
        catch (JsonException) when (!response.IsSuccessStatusCode)
        {
            // An HTML error page from a proxy: the status says enough.
        }
        catch (JsonException ex)
        {
            throw new SlackApiException(method, "invalid_response", status, innerException: ex);
        }

        if (response.IsSuccessStatusCode && body?["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var success) && success) return body;
        var error = body is null ? null : SlackUser.Text(body, "error");
        LogFailed(method, error ?? "http_" + status, status);
        throw new SlackApiException(method, error ?? (response.IsSuccessStatusCode ? "invalid_response" : "http_" + status), status,
            mayHaveBeenCarriedOut: !idempotent && status >= 500);
    }

    /// <summary>Sends once through the pipeline and returns the answer (the caller disposes it), whatever its status but 429.</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(string method, HttpRequestMessage request, bool idempotent, CancellationToken cancellationToken)
    {
        if (idempotent) request.MarkIdempotent();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new SlackApiException(method, "network", mayHaveBeenCarriedOut: !idempotent && !ChatHttpResilience.NothingWasSent(ex), innerException: ex);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // An attempt's (or the whole call's) time-out: the request may have been carried out.
            throw new SlackApiException(method, "timeout", mayHaveBeenCarriedOut: !idempotent, innerException: ex);
        }

        if (response.StatusCode != HttpStatusCode.TooManyRequests) return response;
        var retryAfter = ChatHttpResilience.RetryAfter(response, time);
        response.Dispose();
        LogFailed(method, "ratelimited", 429);
        throw new SlackApiException(method, "ratelimited", 429, retryAfter);
    }

    /// <summary>
    /// Downloads a file's private URL (files.info <c>url_private_download</c>) with the bot token. Redirects are
    /// followed here, not by the handler: the token goes only to the URL's own host, and only when that host is
    /// Slack's (the API base's domain). Slack answers a download it will not authorise with its HTML sign-in page
    /// and status 200; that is reported as <c>file_access_refused</c>, never handed on as the file.
    /// </summary>
    /// <param name="maxBytes">Refuse before reading when the declared length is larger (<c>file_too_large</c>).</param>
    public async Task<Stream> DownloadFileAsync(string url, long? maxBytes = null, CancellationToken cancellationToken = default)
    {
        const string method = "files.download";
        if (!SlackOptions.IsAcceptableEndpoint(url)) throw new SlackApiException(method, "invalid_url");
        var origin = new Uri(url);
        var current = origin;
        for (var hop = 0; ; hop++)
        {
            var withToken = current.Host.Equals(origin.Host, StringComparison.OrdinalIgnoreCase) && IsSlackHost(current);
            var target = current;
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            if (withToken) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token());
            var response = await SendOnceAsync(method, request, idempotent: true, cancellationToken);

            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
            {
                response.Dispose();
                var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (hop >= MaxRedirects || !SlackOptions.IsAcceptableEndpoint(next.ToString()))
                    throw new SlackApiException(method, "invalid_redirect", status);
                current = next;
                continue;
            }

            var failure = !response.IsSuccessStatusCode ? (status == 404 ? "file_not_found" : "http_" + status)
                : response.Content.Headers.ContentType?.MediaType == "text/html" ? "file_access_refused"
                : response.Content.Headers.ContentLength > maxBytes ? "file_too_large"
                : null;
            if (failure is not null)
            {
                response.Dispose();
                LogFailed(method, failure, status);
                throw new SlackApiException(method, failure, status);
            }

            return await response.Content.ReadAsStreamAsync(cancellationToken);
        }
    }

    /// <summary>Whether a URL belongs to the Slack the API base points at: its host, or a subdomain of its domain.</summary>
    public bool IsSlackHost(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var api = options.ApiBase.Host;
        if (url.Host.Equals(api, StringComparison.OrdinalIgnoreCase)) return true;
        if (options.ApiBase.HostNameType != UriHostNameType.Dns || api.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return false;
        // slack.com and slack-gov.com are their own domain; for a longer name, the name less its first label.
        var labels = api.Split('.');
        var domain = labels.Length > 2 ? string.Join('.', labels[1..]) : api;
        return url.Host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether the bot can call Slack at all (Slack__BotToken is set).</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(options.BotToken);

    private string Token() => options.BotToken ?? throw new InvalidOperationException("Slack__BotToken is not configured.");

    private static ReadOnlyMemoryContent JsonBody(JsonObject arguments, SlackBlocks? blocks = null)
    {
        var buffer = new ArrayBufferWriter<byte>(blocks is null ? 256 : 4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in arguments)
            {
                writer.WritePropertyName(name);
                if (value is null) writer.WriteNullValue();
                else value.WriteTo(writer);
            }

            if (blocks is not null)
            {
                writer.WritePropertyName("blocks");
                blocks.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        content.Headers.ContentType = Json;
        return content;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Method} failed: {Error} (HTTP {Status})")]
    private partial void LogFailed(string method, string error, int status);
}
