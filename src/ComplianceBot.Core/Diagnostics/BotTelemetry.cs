using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ComplianceBot.Core.Diagnostics;

/// <summary>
/// The bot's own traces and metrics, through the runtime's <see cref="ActivitySource"/> and <see cref="Meter"/>:
/// the host decides whether anything listens (an OTLP endpoint configured). With no listener a span is never
/// created and a measurement is dropped at once, so the hot path pays next to nothing.
/// </summary>
public static class BotTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "ComplianceBot";

    public const string DeliveryIdTag = "compliancebot.delivery_id";
    public const string PlatformTag = "compliancebot.platform";
    public const string KindTag = "compliancebot.kind";
    public const string OutcomeTag = "compliancebot.outcome";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>From the platform's request arriving to the first message sent in answer.</summary>
    public static readonly Histogram<double> ReplyLatency = Meter.CreateHistogram<double>(
        "compliancebot.reply.latency", "s", "Time from receiving a chat event to the first message sent in answer");

    /// <summary>Every outbound chat call (post, update), by platform and outcome.</summary>
    public static readonly Counter<long> Sends = Meter.CreateCounter<long>(
        "compliancebot.sends", "{message}", "Outbound chat messages by platform and outcome");

    /// <summary>The span of an inbound platform request (an event, a click, a command, an activity).</summary>
    public static Activity? StartReceive(string platform, string kind)
    {
        var activity = Source.StartActivity("receive", ActivityKind.Server);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(PlatformTag, platform);
            activity.SetTag(KindTag, kind);
        }

        return activity;
    }
}
