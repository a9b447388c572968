using System.Diagnostics;
using System.Diagnostics.Metrics;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Diagnostics;

namespace ComplianceBot.Host.Observability;

/// <summary>Each job run as a span of its own ("job &lt;name&gt;"), its duration, and what it sent or skipped.</summary>
internal static class JobTelemetry
{
    public const string JobTag = "compliancebot.job";

    private static readonly Histogram<double> Duration = BotTelemetry.Meter.CreateHistogram<double>(
        "compliancebot.job.duration", "s", "How long a job run took, by job and outcome");

    private static readonly Counter<long> Reminders = BotTelemetry.Meter.CreateCounter<long>(
        "compliancebot.reminders", "{reminder}", "Reminders and digests sent or skipped by job runs, by outcome");

    public static async Task<DeliveryReport> RunAsync(string job, Func<Task<DeliveryReport>> run)
    {
        ArgumentNullException.ThrowIfNull(run);

        // A run is a trace of its own, not part of whatever happened to be current on the worker thread.
        using var span = BotTelemetry.Source.StartActivity($"job {job}", ActivityKind.Internal, parentContext: default);
        span?.SetTag(JobTag, job);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var report = await run();
            outcome = "completed";
            Count(job, report);
            return report;
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            Duration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>(JobTag, job),
                new KeyValuePair<string, object?>(BotTelemetry.OutcomeTag, outcome));
        }
    }

    private static void Count(string job, DeliveryReport report)
    {
        if (!Reminders.Enabled) return;
        Add(job, "sent", report.Sent.Count);
        Add(job, "already_sent", report.AlreadySent.Count);
        Add(job, "busy", report.Busy.Count);
        Add(job, "deferred", report.Deferred.Count);
        Add(job, "snoozed", report.Snoozed);
        Add(job, "unreachable", report.Unreachable.Count);
        Add(job, "failed", report.Failed.Count);
        Add(job, "recovered", report.Recovered.Count);
        Add(job, "in_doubt", report.InDoubt.Count);
    }

    private static void Add(string job, string outcome, int count)
    {
        if (count > 0)
            Reminders.Add(count, new KeyValuePair<string, object?>(JobTag, job), new KeyValuePair<string, object?>(BotTelemetry.OutcomeTag, outcome));
    }
}
