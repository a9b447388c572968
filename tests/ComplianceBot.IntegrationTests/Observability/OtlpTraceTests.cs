using System.Net;
using ComplianceBot.Core.Diagnostics;
using ComplianceBot.IntegrationTests.Slack;
using ComplianceBot.IntegrationTests.Teams;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace ComplianceBot.IntegrationTests.Observability;

/// <summary>
/// The host exporting to a local OTLP collector: each chat event is one trace, from the platform's request through
/// the inbox and the conversation to the message sent back. Delivery ids are unique per test, because other hosts in
/// this process run their own requests at the same time.
/// </summary>
public sealed class OtlpTraceTests
{
    private static readonly string[] Stages = ["receive", "inbox", "handle", "send"];
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_Slack_event_is_one_trace_from_receive_through_inbox_and_handle_to_send()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var host = await SlackHost.StartAsync(receiver.HostSettings);
        var eventId = "EvOtlp" + Guid.NewGuid().ToString("N")[..12];

        using var response = await host.PostEventAsync(host.DirectMessage(SlackHost.Olive, "help", eventId: eventId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await host.DrainAsync();

        var trace = await TraceOfAsync(receiver, host.Factory.Services, "slack:" + eventId);
        Assert.Contains(host.Slack.CallsTo("chat.postMessage"), c => c.Argument("channel") == SlackHost.DirectChannel(SlackHost.Olive));
        AssertOneChain(trace, "slack");

        // The inbox keeps the request's traceparent with the item, so processing elsewhere or later joins the trace.
        var stored = (await host.Inbox.FindAsync("slack:" + eventId))!.Document;
        var receive = trace.Single(s => s.Name == "receive");
        Assert.StartsWith($"00-{receive.TraceId}-{receive.SpanId}-", stored.TraceParent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Teams_message_is_one_trace_from_receive_through_inbox_and_handle_to_send()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var host = await TeamsHost.StartAsync(settings: receiver.HostSettings);
        var message = host.Message("help", id: "otlp-" + Guid.NewGuid().ToString("N")[..12]);

        using var response = await host.PostAsync(message);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await host.Connector.WaitForDeliveriesAsync(1);

        var trace = await TraceOfAsync(receiver, host.Factory.Services, $"teams:{message["conversation"]!["id"]}:{message["id"]}");
        AssertOneChain(trace, "teams");
    }

    /// <summary>Every span of the one trace that carries <paramref name="deliveryId"/>, once all four stages arrived.</summary>
    private static async Task<IReadOnlyList<ReceivedSpan>> TraceOfAsync(OtlpReceiver receiver, IServiceProvider services, string deliveryId)
    {
        services.GetRequiredService<TracerProvider>().ForceFlush();
        await receiver.WaitUntilAsync(
            spans => Stages.All(stage => spans.Any(s => s.Name == stage && s.Attribute(BotTelemetry.DeliveryIdTag) == deliveryId)), Within);

        var tagged = receiver.Spans.Where(s => s.Attribute(BotTelemetry.DeliveryIdTag) == deliveryId).ToList();
        Assert.Equal(Stages, Stages.Where(stage => tagged.Any(s => s.Name == stage)));
        var traceId = Assert.Single(tagged.Select(s => s.TraceId).Distinct());
        return receiver.Spans.Where(s => s.TraceId == traceId).ToList();
    }

    /// <summary>receive → inbox and receive → handle → send, one receive and one handle, all in the bot's own source.</summary>
    private static void AssertOneChain(IReadOnlyList<ReceivedSpan> trace, string platform)
    {
        var receive = Assert.Single(trace, s => s.Name == "receive");
        var inbox = Assert.Single(trace, s => s.Name == "inbox");
        var handle = Assert.Single(trace, s => s.Name == "handle");
        var sends = trace.Where(s => s.Name == "send").ToList();
        Assert.NotEmpty(sends);

        Assert.Equal(receive.SpanId, inbox.ParentSpanId);
        Assert.Equal(receive.SpanId, handle.ParentSpanId);
        Assert.All(sends, send => Assert.Equal(handle.SpanId, send.ParentSpanId));
        Assert.All([receive, inbox, handle, .. sends], s =>
        {
            Assert.Equal(BotTelemetry.Name, s.Scope);
            Assert.Equal(platform, s.Attribute(BotTelemetry.PlatformTag));
        });
        Assert.All(sends, send => Assert.Equal("sent", send.Attribute(BotTelemetry.OutcomeTag)));

        // The platform's HTTP request is the trace's root, and the outbound HTTP calls hang below the sends.
        Assert.Contains(trace, s => s.SpanId == receive.ParentSpanId && s.Scope == "Microsoft.AspNetCore");
        Assert.Contains(trace, s => sends.Any(send => send.SpanId == s.ParentSpanId) && s.Scope == "System.Net.Http");
    }
}
