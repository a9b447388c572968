using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ComplianceBot.Core.Diagnostics;
using ComplianceBot.Host.Jobs;
using ComplianceBot.IntegrationTests.Slack;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceBot.IntegrationTests.Observability;

/// <summary>The bot's instruments, observed in-process while the host exports over OTLP (the trace tests' setting).</summary>
public sealed class TelemetryMetricsTests
{
    [Fact]
    public async Task Telemetry_records_sends_reply_latency_store_calls_inbox_backlog_and_job_runs()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var host = await SlackHost.StartAsync(receiver.HostSettings);
        var meterFactory = host.Factory.Services.GetRequiredService<IMeterFactory>();
        var published = new ConcurrentDictionary<string, byte>();
        var measured = new ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // The bot's static meter, and this host's own (the inbox gauges); not other hosts' gauges in this process.
            if (instrument.Meter.Name != BotTelemetry.Name || (instrument.Meter.Scope is not null && instrument.Meter.Scope != meterFactory)) return;
            published[instrument.Name] = 0;
            l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => measured.Enqueue((i.Name, value, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => measured.Enqueue((i.Name, value, ToDictionary(tags))));
        listener.Start();

        var eventId = "EvMetrics" + Guid.NewGuid().ToString("N")[..12];
        using var response = await host.PostEventAsync(host.DirectMessage(SlackHost.Olive, "help", eventId: eventId));
        await host.DrainAsync();
        await ActivatorUtilities.CreateInstance<ReminderJob>(host.Factory.Services).RunAsync(CancellationToken.None);
        listener.RecordObservableInstruments();

        Assert.Contains(measured, m => m.Name == "compliancebot.sends" && Equals(m.Tags.GetValueOrDefault(BotTelemetry.PlatformTag), "slack") && Equals(m.Tags.GetValueOrDefault(BotTelemetry.OutcomeTag), "sent"));
        Assert.Contains(measured, m => m.Name == "compliancebot.reply.latency" && m.Value >= 0 && Equals(m.Tags.GetValueOrDefault(BotTelemetry.PlatformTag), "slack"));
        Assert.Contains(measured, m => m.Name == "compliancebot.store.duration" && Equals(m.Tags.GetValueOrDefault("compliancebot.store.operation"), "find"));
        Assert.Contains(measured, m => m.Name == "compliancebot.job.duration" && Equals(m.Tags.GetValueOrDefault("compliancebot.job"), "reminders") && Equals(m.Tags.GetValueOrDefault(BotTelemetry.OutcomeTag), "completed"));
        Assert.Contains(measured, m => m.Name == "compliancebot.inbox.pending" && m.Value == 0);
        Assert.Contains(measured, m => m.Name == "compliancebot.inbox.failed" && m.Value == 0);
        Assert.Contains(measured, m => m.Name == "compliancebot.inbox.oldest_age" && m.Value == 0);
        Assert.Contains("compliancebot.reminders", published.Keys);
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in tags) result[key] = value;
        return result;
    }
}
