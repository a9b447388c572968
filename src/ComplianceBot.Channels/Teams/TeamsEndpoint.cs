using System.Text;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Diagnostics;
using ComplianceBot.Core.Inbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Channels.Teams;

/// <summary>
/// POST /api/messages: verify the token, then either queue the activity durably and answer 202 at once, or —
/// for invokes — run it and answer within Teams' budget. Bad requests get 400/401/403 and nothing is processed.
/// </summary>
public static partial class TeamsEndpoint
{
    public const string Route = "/api/messages";
    private const int MaxBodyBytes = 512 * 1024;
    private static readonly TimeSpan InvokeBudget = TimeSpan.FromSeconds(14);

    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ServiceProvider.GetRequiredService<IOptions<TeamsOptions>>().Value.Enabled)
            app.MapPost(Route, ReceiveAsync);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext http, IOptions<TeamsOptions> options, BotFrameworkAuthenticator authenticator, DurableInbox inbox, TeamsBot bot,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var receive = BotTelemetry.StartReceive(Platforms.Teams, "activity");
        var logger = loggers.CreateLogger(typeof(TeamsEndpoint).FullName!);
        var development = options.Value.AllowUnauthenticated;
        var authorization = http.Request.Headers.Authorization.ToString();
        if (!development && authorization.Length == 0)
        {
            LogRefused(logger, 401, "no Authorization header");
            return Results.Unauthorized();
        }

        // The token first: nothing is read or parsed for a caller without a valid one.
        VerifiedToken? token = null;
        if (!development)
        {
            var (verdict, verified) = await authenticator.VerifyTokenAsync(authorization, cancellationToken);
            if (verified is null)
            {
                LogRefused(logger, verdict.StatusCode, verdict.Reason ?? "");
                return Results.StatusCode(verdict.StatusCode);
            }

            token = verified;
        }

        if (await RequestBodies.ReadAsync(http.Request, MaxBodyBytes, cancellationToken) is not { } bytes)
        {
            LogRefused(logger, 413, "body over the size limit");
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (InboundJson.Problem(bytes.Span) is { } problem) return BadRequest(logger, problem);
        var body = Encoding.UTF8.GetString(bytes.Span);
        var activity = TeamsBot.Parse(body);
        if (activity?.Type is null || activity.Conversation?.Id is null || activity.ServiceUrl is null)
            return BadRequest(logger, "not an activity (type, conversation.id and serviceUrl are required)");

        if (token is null)
        {
            // Unauthenticated activities may only point replies at this machine.
            if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || !serviceUrl.IsLoopback)
            {
                LogRefused(logger, 403, "development mode accepts only loopback serviceUrls");
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
        }
        else if (BotFrameworkAuthenticator.CheckActivity(token, activity.ChannelId, activity.ServiceUrl) is { Accepted: false } verdict)
        {
            LogRefused(logger, verdict.StatusCode, verdict.Reason ?? "");
            return Results.StatusCode(verdict.StatusCode);
        }

        if (activity.Type == ActivityTypes.Invoke)
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(InvokeBudget);
            InvokeResponse response;
            try
            {
                response = await bot.InvokeAsync(activity, budget.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                LogLate(logger, InvokeBudget.TotalSeconds);
                response = InvokeResponse.Message("That took longer than Teams waits for an answer. Check the card again in a moment, or try again.");
            }
            catch (Exception failed) when (failed is ChatSendException or BotConnectorException or HttpRequestException)
            {
                // The Bot Connector (or its token endpoint) refused a call the answer needed (an id it does not
                // know, say): the click is answered with what to do, not with a server error.
                LogConnectorRefused(logger, failed switch
                {
                    ChatSendException { InnerException: BotConnectorException { HttpStatus: { } status } } => status,
                    BotConnectorException { HttpStatus: { } status } => status,
                    HttpRequestException { StatusCode: { } status } => (int)status,
                    _ => 0,
                });
                response = InvokeResponse.Message("I couldn't finish that: Teams did not accept part of my answer. Please try again in a moment.");
            }

            return response.Body is null ? Results.StatusCode(response.Status) : Results.Json(response.Body, statusCode: response.Status);
        }

        // Without an id the activity cannot be recognised when redelivered; hash the body instead.
        var deliveryId = $"{activity.Conversation.Id}:{activity.Id ?? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body)))}";
        var accepted = await inbox.AcceptAsync(Platforms.Teams, deliveryId, body, activity.Conversation.Id, cancellationToken);
        if (!accepted) LogDuplicate(logger, activity.Type);
        return accepted ? Results.Accepted() : Results.Ok();
    }

    /// <summary>400 with problem+json and one warning line (the reason, never the body).</summary>
    private static IResult BadRequest(ILogger logger, string reason)
    {
        LogRefused(logger, StatusCodes.Status400BadRequest, reason);
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "The body is not a Bot Framework activity.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Teams request with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Teams invoke took longer than {Seconds} s; it was given up")]
    private static partial void LogLate(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Teams invoke could not be completed: the Bot Connector answered {Status}")]
    private static partial void LogConnectorRefused(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Teams redelivered a {ActivityType} activity already accepted; acknowledged without processing")]
    private static partial void LogDuplicate(ILogger logger, string activityType);
}
