using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Diagnostics;
using ComplianceBot.Core.Inbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// Slack's three request URLs. Every request's signature is checked on the raw body first (401 and nothing done
/// otherwise); then events, clicks and commands are queued durably and acknowledged at once, de-duplicated by
/// Slack's event id (a retry carries X-Slack-Retry-Num and the same id). Opening a form and submitting a modal run
/// at once, because Slack needs their answer within 3 seconds.
/// </summary>
public static partial class SlackEndpoints
{
    public const string EventsRoute = "/api/slack/events";
    public const string InteractionsRoute = "/api/slack/interactions";
    public const string CommandsRoute = "/api/slack/commands";
    public const string RetryNumHeader = "X-Slack-Retry-Num";

    private const int MaxBodyBytes = 512 * 1024;

    /// <summary>Slack waits 3 s; what runs at once must leave room for the answer to travel.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2.5);

    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<SlackOptions>().IsEnabled) return app;
        app.MapPost(EventsRoute, EventsAsync);
        app.MapPost(InteractionsRoute, InteractionsAsync);
        app.MapPost(CommandsRoute, CommandsAsync);
        return app;
    }

    private static async Task<IResult> EventsAsync(HttpContext http, SlackRequestVerifier verifier, DurableInbox inbox, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var receive = BotTelemetry.StartReceive(Platforms.Slack, "event");
        var logger = loggers.CreateLogger(typeof(SlackEndpoints).FullName!);
        var (bytes, refusal) = await VerifiedBodyAsync(http, verifier, logger, cancellationToken);
        if (refusal is not null) return refusal;
        if (InboundJson.Problem(bytes.Span) is { } problem)
            return BadRequest(logger, problem, "The body is not a Slack Events API request.");

        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        switch (Text(root, "type"))
        {
            case "url_verification" when Text(root, "challenge") is { } challenge:
                return Results.Text(challenge, "text/plain");
            case "event_callback" when Text(root, "event_id") is { } eventId && root.TryGetProperty("event", out var slackEvent) && HasEventShape(slackEvent):
            {
                // A file arrives twice (the message that carries it and file_shared): the file is the delivery.
                var file = Text(slackEvent, "file_id") ?? FirstFileId(slackEvent);
                var deliveryId = file is null ? eventId : "file:" + file;
                var partition = Text(slackEvent, "channel") ?? Text(slackEvent, "channel_id") ?? Text(slackEvent, "user");
                var accepted = await inbox.AcceptAsync(Platforms.Slack, deliveryId, SlackBot.Envelope(SlackBot.EventKind, Encoding.UTF8.GetString(bytes.Span)), partition, cancellationToken);
                var retry = http.Request.Headers[RetryNumHeader].ToString();
                if (!accepted) LogDuplicate(logger, deliveryId, retry);
                return Results.Ok();
            }

            default:
                return BadRequest(logger, "not a Slack event (url_verification or event_callback with event_id and event)", "The body is not a Slack Events API request.");
        }
    }

    private static async Task<IResult> InteractionsAsync(
        HttpContext http, SlackRequestVerifier verifier, DurableInbox inbox, SlackBot bot, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var receive = BotTelemetry.StartReceive(Platforms.Slack, "interaction");
        var logger = loggers.CreateLogger(typeof(SlackEndpoints).FullName!);
        var (bytes, refusal) = await VerifiedBodyAsync(http, verifier, logger, cancellationToken);
        if (refusal is not null) return refusal;

        var payload = SlackInteractionReader.ParseFormBody(bytes.Span);
        var interaction = payload is null ? null : SlackInteractionReader.Read(payload);
        if (interaction is null || interaction.UserId.Length == 0)
            return BadRequest(logger, "not a Slack interaction payload (or not strict UTF-8 form and JSON)", "The body carries no Slack interaction payload.");

        switch (interaction.Type)
        {
            case "block_actions" when interaction.Action is { } action:
                if (bot.OpensForm(action) && interaction.TriggerId is { } trigger)
                {
                    await WithinBudgetAsync(budget => bot.OpenFormAsync(interaction.UserId, interaction.TeamId, interaction.ChannelId, trigger, action, budget), logger, cancellationToken);
                    return Results.Ok();
                }

                // Slack does not resend clicks; the click's own time and the person identify it.
                var actionTs = (payload!["actions"] as JsonArray)?[0] is JsonObject clicked && Text(clicked, "action_ts") is { } ts ? ts : Guid.NewGuid().ToString("N");
                await inbox.AcceptAsync(Platforms.Slack, $"action:{interaction.UserId}:{actionTs}",
                    SlackBot.Envelope(SlackBot.InteractionKind, payload.ToJsonString()), interaction.ChannelId ?? interaction.UserId, cancellationToken);
                return Results.Ok();

            case "view_submission":
            {
                var answer = await WithinBudgetAsync(budget => bot.SubmitAsync(interaction, budget), logger, cancellationToken);
                return answer is null ? Results.Ok() : Results.Json(answer);
            }

            case "block_suggestion":
            {
                if (SlackInteractionReader.SuggestionOf(payload!) is not { } suggestion)
                    return BadRequest(logger, "a block_suggestion whose action_id names no dataset", "The suggestion request names no dataset.");
                var options = await WithinBudgetAsync(budget => bot.SuggestAsync(interaction.TeamId, suggestion.Dataset, suggestion.Text, budget), logger, cancellationToken);
                return Results.Json(options ?? SlackBot.NoOptions);
            }

            case "view_closed":
                LogClosed(logger, interaction.Action?.ActionId ?? "");
                return Results.Ok();

            default:
                return Results.Ok(); // link buttons and interactions the bot does not offer
        }
    }

    private static async Task<IResult> CommandsAsync(
        HttpContext http, SlackRequestVerifier verifier, DurableInbox inbox, SlackBot bot, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var receive = BotTelemetry.StartReceive(Platforms.Slack, "command");
        var logger = loggers.CreateLogger(typeof(SlackEndpoints).FullName!);
        var (bytes, refusal) = await VerifiedBodyAsync(http, verifier, logger, cancellationToken);
        if (refusal is not null) return refusal;

        var (form, problem) = FormBody.Read(bytes.Span);
        if (form is null) return BadRequest(logger, problem ?? "", "The body is not a Slack slash command.");
        if (form.ContainsKey("ssl_check")) return Results.Ok();
        var command = new JsonObject();
        foreach (var (name, value) in form) command[name] = value;
        var userId = Text(command, "user_id");
        var triggerId = Text(command, "trigger_id");
        if (Text(command, "command") is null || userId is null || triggerId is null)
            return BadRequest(logger, "not a slash command (command, user_id and trigger_id are required)", "The body is not a Slack slash command.");

        var input = new TextInput(Text(command, "text") ?? "");
        var channelId = Text(command, "channel_id");
        if (bot.OpensForm(input))
        {
            await WithinBudgetAsync(budget => bot.OpenFormAsync(userId, Text(command, "team_id"), channelId, triggerId, input, budget), logger, cancellationToken);
            return Results.Ok();
        }

        await inbox.AcceptAsync(Platforms.Slack, "command:" + triggerId, SlackBot.Envelope(SlackBot.CommandKind, command.ToJsonString()), channelId ?? userId, cancellationToken);
        return channelId is not null && channelId.StartsWith('D')
            ? Results.Ok()
            : Results.Json(new { response_type = "ephemeral", text = "On it: I'll answer in our direct messages." });
    }

    /// <summary>The raw body when its Slack signature is valid; otherwise the refusal (401, or 413 for an oversized body).</summary>
    private static async Task<(ReadOnlyMemory<byte> Body, IResult? Refusal)> VerifiedBodyAsync(
        HttpContext http, SlackRequestVerifier verifier, ILogger logger, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (await RequestBodies.ReadAsync(request, MaxBodyBytes, cancellationToken) is not { } read)
        {
            LogRefused(logger, 413, "body over the size limit");
            return (default, Results.StatusCode(StatusCodes.Status413PayloadTooLarge));
        }

        var bytes = read.Span;
        var verdict = verifier.Verify(request.Headers, bytes);
        if (!verdict.IsValid)
        {
            LogRefused(logger, 401, verdict.Reason);
            return (default, Results.Unauthorized());
        }

        return (read, null);
    }

    /// <summary>
    /// Runs what Slack waits for, but never past the budget: a late answer is worth nothing to Slack. A Web API
    /// refusal (an expired trigger, say) is logged; the person can click again.
    /// </summary>
    private static async Task<T?> WithinBudgetAsync<T>(Func<CancellationToken, Task<T>> work, ILogger logger, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        try
        {
            return await work(budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogLate(logger, Budget.TotalSeconds);
            return default;
        }
        catch (SlackApiException failed)
        {
            LogSlackRefused(logger, failed.Method, failed.Error);
            return default;
        }
    }

    private static Task<bool> WithinBudgetAsync(Func<CancellationToken, Task> work, ILogger logger, CancellationToken cancellationToken) =>
        WithinBudgetAsync(async budget =>
        {
            await work(budget);
            return true;
        }, logger, cancellationToken);

    /// <summary>400 with problem+json and one warning line (the reason, never the body).</summary>
    private static IResult BadRequest(ILogger logger, string reason, string detail)
    {
        LogRefused(logger, StatusCodes.Status400BadRequest, reason);
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);
    }

    private static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    /// <summary>An event object whose fields Slack sends as strings (and files as an array) are such where present.</summary>
    private static bool HasEventShape(JsonElement slackEvent) =>
        slackEvent.ValueKind == JsonValueKind.Object
        && Text(slackEvent, "type") is not null
        && slackEvent.EnumerateObject().All(p => p.Name switch
        {
            "type" or "user" or "user_id" or "text" or "channel" or "channel_id" or "channel_type" or "ts" or "thread_ts" or "event_ts"
                or "subtype" or "file_id" or "tab" or "bot_id" => p.Value.ValueKind == JsonValueKind.String,
            "files" => p.Value.ValueKind == JsonValueKind.Array && p.Value.EnumerateArray().All(f => f.ValueKind == JsonValueKind.Object),
            _ => true,
        });

    private static string? FirstFileId(JsonElement slackEvent) =>
        slackEvent.TryGetProperty("files", out var files) && files.ValueKind == JsonValueKind.Array
            ? files.EnumerateArray().Select(f => Text(f, "id")).FirstOrDefault(id => id is not null)
            : null;

    private static string? Text(JsonObject? obj, string name) =>
        obj?[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Slack request with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, int status, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack redelivered {DeliveryId} (retry {RetryNum}); acknowledged without processing")]
    private static partial void LogDuplicate(ILogger logger, string deliveryId, string retryNum);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack waited for an answer that took longer than {Seconds} s; it was given up")]
    private static partial void LogLate(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack refused {Method}: {Error}")]
    private static partial void LogSlackRefused(ILogger logger, string method, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A Slack modal was closed without submitting ({Action})")]
    private static partial void LogClosed(ILogger logger, string action);
}
