using System.Diagnostics;
using ComplianceBot.Core.Chat;

namespace ComplianceBot.Core.Diagnostics;

/// <summary>
/// One outbound chat call as a "send" span and a count by outcome. Channels start it around the platform call and
/// say how it ended; disposing it records.
/// </summary>
public sealed class SendTrace : IDisposable
{
    private readonly Activity? activity;
    private readonly string platform;
    private string outcome = "error";

    private SendTrace(string platform, string operation)
    {
        this.platform = platform;
        activity = BotTelemetry.Source.StartActivity("send", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(BotTelemetry.PlatformTag, platform);
            activity.SetTag(BotTelemetry.KindTag, operation);
            if (InboundDelivery.Current is { } inbound) activity.SetTag(BotTelemetry.DeliveryIdTag, inbound.Id);
        }
    }

    /// <param name="operation">What is sent: "post", "reply", "update".</param>
    public static SendTrace Start(string platform, string operation) => new(platform, operation);

    public void Sent()
    {
        outcome = "sent";
        InboundDelivery.Current?.Replied();
    }

    public ChatSendException Failed(ChatSendException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        outcome = failure.Failure switch
        {
            SendFailure.NotDelivered => "not_delivered",
            SendFailure.RecipientUnreachable => "unreachable",
            _ => "may_have_been_delivered",
        };
        activity?.SetTag("compliancebot.send.reason", failure.Reason);
        return failure;
    }

    public void Dispose()
    {
        BotTelemetry.Sends.Add(1, new KeyValuePair<string, object?>(BotTelemetry.PlatformTag, platform), new KeyValuePair<string, object?>(BotTelemetry.OutcomeTag, outcome));
        if (activity is not null)
        {
            activity.SetTag(BotTelemetry.OutcomeTag, outcome);
            if (outcome != "sent") activity.SetStatus(ActivityStatusCode.Error, outcome);
            activity.Dispose();
        }
    }
}
