using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceBot.Fakes;

/// <summary>
/// A local HTTP server that plays the Slack Web API (<c>{ApiBaseUrl}chat.postMessage</c> and the other methods
/// the bot uses) and serves private file downloads. It records every call, keeps the messages, views, users
/// and files it knows, answers with Slack's shapes (ts values, D… channels, V… views, profiles with email and
/// time zone), and can be told to answer 429 with Retry-After, <c>ok:false</c> with an error, or a 5xx, and to
/// enforce rate limits (see <see cref="Limit"/>).
/// </summary>
public sealed partial class FakeSlackApi : IAsyncDisposable
{
    public const string TeamId = "T0FAKE01";
    public const string BotUserId = "U0FAKEBOT";
    public const string BotId = "B0FAKE01";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeSlackFailure>> failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> errorsAlways = new(StringComparer.Ordinal);
    private readonly CallSignal recorded = new();
    private readonly ConcurrentDictionary<string, int> succeeded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<TaskCompletionSource>> holds = new(StringComparer.Ordinal);
    private readonly TimeProvider time;
    private long sequence;

    private FakeSlackApi(WebApplication app, TimeProvider time)
    {
        this.app = app;
        this.time = time;
        RateLimits = new FakeSlackRateLimiter(time);
    }

    /// <summary>http://127.0.0.1:PORT (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>What <c>Slack__ApiBaseUrl</c> should be to talk to this fake.</summary>
    public string ApiBaseUrl => BaseUrl + "/api/";

    /// <summary>The only token the fake accepts (Bearer header, or a token argument as Slack also allows).</summary>
    public string BotToken { get; set; } = "xoxb-0000-fake-token";

    public ConcurrentQueue<SlackApiCall> Calls { get; } = new();

    public FakeSlackRateLimiter RateLimits { get; }

    public static async Task<FakeSlackApi> StartAsync(TimeProvider? time = null)
    {
        var app = LoopbackServer.Create();
        var fake = new FakeSlackApi(app, time ?? TimeProvider.System);
        app.MapMethods("/api/{method}", ["GET", "POST"], (HttpContext http, string method) => fake.HandleAsync(http, method));
        app.MapGet("/files-pri/{teamFile}/download/{name}", (HttpContext http, string teamFile, string name) => fake.Download(http, teamFile));
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        fake.BaseUrl = await LoopbackServer.StartAsync(app);
        return fake;
    }

    /// <summary>The next calls of <paramref name="method"/> fail like this, in order.</summary>
    public void FailNext(string method, params FakeSlackFailure[] responses)
    {
        var queue = failures.GetOrAdd(method, _ => new ConcurrentQueue<FakeSlackFailure>());
        foreach (var response in responses) queue.Enqueue(response);
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> get 429 with Retry-After: <paramref name="retryAfterSeconds"/>.</summary>
    public void RateLimitNext(string method, int times, int retryAfterSeconds = 1) =>
        FailNext(method, Enumerable.Repeat(new FakeSlackFailure(429, "ratelimited", retryAfterSeconds), times).ToArray());

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> answer <c>ok:false</c> with <paramref name="error"/>.</summary>
    public void ErrorNext(string method, string error, int times = 1) =>
        FailNext(method, Enumerable.Repeat(new FakeSlackFailure(200, error), times).ToArray());

    /// <summary>Every call of <paramref name="method"/> answers <c>ok:false</c> with <paramref name="error"/> until <see cref="ClearFailures"/>.</summary>
    public void ErrorAlways(string method, string error) => errorsAlways[method] = error;

    /// <summary>
    /// The next call of <paramref name="method"/> is carried out and then gets no answer until the client gives up
    /// (a time-out after sending). The task completes when the call has been carried out.
    /// </summary>
    public Task HoldNext(string method)
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        holds.GetOrAdd(method, _ => new ConcurrentQueue<TaskCompletionSource>()).Enqueue(held);
        return held.Task;
    }

    public void ClearFailures()
    {
        failures.Clear();
        errorsAlways.Clear();
    }

    /// <summary>Enforces a Slack-style rate limit, e.g. <c>Limit("chat.postMessage", 1, TimeSpan.FromSeconds(1), perChannel: true)</c>.</summary>
    public void Limit(string method, int count, TimeSpan per, bool perChannel = false) => RateLimits.Set(method, count, per, perChannel);

    /// <summary>A second limit on a limited method, e.g. a workspace-wide one on top of chat.postMessage's per-channel limit.</summary>
    public void AlsoLimit(string method, int count, TimeSpan per, bool perChannel = false) => RateLimits.Also(method, count, per, perChannel);

    public IEnumerable<SlackApiCall> CallsTo(string method) => Calls.Where(c => c.Method == method);

    /// <summary>How many calls to <paramref name="method"/> succeeded, without walking the calls (benchmarks poll it while measuring).</summary>
    public int SucceededCount(string method) => succeeded.GetValueOrDefault(method);

    public async Task<IReadOnlyList<SlackApiCall>> WaitForCallsAsync(string method, int count, TimeSpan? within = null)
    {
        await recorded.WaitUntilAsync(() => CallsTo(method).Count(c => c.Ok) >= count, within ?? TimeSpan.FromSeconds(15));
        return CallsTo(method).Where(c => c.Ok).ToList();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpContext http, string method)
    {
        var arguments = await SlackApiCall.ReadArgumentsAsync(http.Request);
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var contentType = http.Request.ContentType;

        IResult Answer(int status, JsonObject body, string? error, int? retryAfter = null)
        {
            Record(new SlackApiCall(method, http.Request.Method, headers, contentType, arguments, status, error));
            if (retryAfter is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Results.Json(body, statusCode: status);
        }

        IResult Fail(string error, int status = 200, int? retryAfter = null) =>
            Answer(status, new JsonObject { ["ok"] = false, ["error"] = error }, error, retryAfter);

        var token = http.Request.Headers.Authorization.ToString() is { Length: > 7 } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal)
            ? auth[7..]
            : Text(arguments, "token");
        if (string.IsNullOrEmpty(token)) return Fail("not_authed");
        if (token != BotToken) return Fail("invalid_auth");

        if (failures.TryGetValue(method, out var queue) && queue.TryDequeue(out var failure))
            return failure.Status == 200 ? Fail(failure.Error) : Fail(failure.Error, failure.Status, failure.RetryAfterSeconds);
        if (errorsAlways.TryGetValue(method, out var always)) return Fail(always);
        if (RateLimits.TryAcquire(method, Text(arguments, "channel")) is { } wait) return Fail("ratelimited", 429, wait);

        var (result, resultError) = Perform(method, arguments);
        if (holds.TryGetValue(method, out var held) && held.TryDequeue(out var hold))
        {
            Record(new SlackApiCall(method, http.Request.Method, headers, contentType, arguments, 0, "held"));
            hold.SetResult();
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.Empty;
        }

        if (resultError is not null) return Fail(resultError);
        result!["ok"] = true;
        return Answer(200, result, null);
    }

    private IResult Download(HttpContext http, string teamFile)
    {
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var id = teamFile[(teamFile.IndexOf('-', StringComparison.Ordinal) + 1)..];
        var authorised = http.Request.Headers.Authorization.ToString() == "Bearer " + BotToken;
        var known = Files.TryGetValue(id, out var file);
        var status = known ? 200 : 404;
        Record(new SlackApiCall("files.download", "GET", headers, null, new JsonObject { ["file"] = id, ["host"] = http.Request.Host.Host }, status, authorised ? null : "not_authed"));
        if (!known) return Results.NotFound();

        // Like Slack: without the token the answer is the sign-in page, with status 200.
        return authorised
            ? Results.Bytes(file!.Content, file.MimeType)
            : Results.Content("<!DOCTYPE html><html><body>Sign in to Slack</body></html>", "text/html; charset=utf-8");
    }

    private void Record(SlackApiCall call)
    {
        Calls.Enqueue(call);
        if (call.Ok) succeeded.AddOrUpdate(call.Method, 1, (_, n) => n + 1);
        recorded.Pulse();
    }

    private string NextTs() =>
        $"{time.GetUtcNow().ToUnixTimeSeconds()}.{Interlocked.Increment(ref sequence) % 1_000_000:D6}";

    private string NextId(string prefix) => $"{prefix}{Interlocked.Increment(ref sequence):D8}";

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>How the fake should fail a call: a status (200 means <c>ok:false</c>), Slack's error code, and Retry-After for 429.</summary>
public sealed record FakeSlackFailure(int Status, string Error, int? RetryAfterSeconds = null);
