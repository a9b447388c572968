using System.Diagnostics.Metrics;
using ComplianceBot.Core.Diagnostics;
using ComplianceBot.Core.Inbox;

namespace ComplianceBot.Host.Observability;

/// <summary>
/// The inbox backlog as observable gauges: items pending and failed, and the age of the oldest pending one. A
/// collection reads the inbox at most once per <see cref="MaxAge"/>; the gauges observed together share that read,
/// so however often metrics are scraped, the store sees one status query per interval.
/// </summary>
internal sealed class InboxGauges : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    /// <summary>How long a collection waits for a fresh read before it reports the last one it has.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    private readonly IInbox inbox;
    private readonly TimeProvider time;
    private readonly Meter meter;
    private readonly Lock gate = new();
    private Task<InboxStatus?>? reading;
    private long readAt;
    private InboxStatus? last;

    public InboxGauges(IInbox inbox, TimeProvider time, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        this.inbox = inbox;
        this.time = time;
        meter = meters.Create(BotTelemetry.Name);
        meter.CreateObservableGauge("compliancebot.inbox.pending", () => Observe(s => s.Pending), "{item}", "Inbox items accepted and not yet processed");
        meter.CreateObservableGauge("compliancebot.inbox.failed", () => Observe(s => s.Failed), "{item}", "Inbox items parked as failed, for people to look at");
        meter.CreateObservableGauge("compliancebot.inbox.oldest_age", ObserveOldestAge, "s", "Age of the oldest pending inbox item");
    }

    public void Dispose() => meter.Dispose();

    private IEnumerable<Measurement<long>> Observe(Func<InboxStatus, int> value) =>
        Status() is { } status ? [new Measurement<long>(value(status))] : [];

    private IEnumerable<Measurement<double>> ObserveOldestAge() =>
        Status() is { } status
            ? [new Measurement<double>(status.OldestPending is { } oldest ? Math.Max(0, (time.GetUtcNow() - oldest).TotalSeconds) : 0)]
            : [];

    private InboxStatus? Status()
    {
        Task<InboxStatus?> current;
        lock (gate)
        {
            if (reading is null || (reading.IsCompleted && time.GetElapsedTime(readAt) >= MaxAge))
            {
                readAt = time.GetTimestamp();
                reading = ReadAsync();
            }

            current = reading;
        }

        // Collections run on the metric reader's own thread; waiting there briefly delays nothing else.
        return current.Wait(Wait) ? current.Result : Volatile.Read(ref last);
    }

    private async Task<InboxStatus?> ReadAsync()
    {
        try
        {
            var status = await inbox.GetStatusAsync().ConfigureAwait(false);
            Volatile.Write(ref last, status);
            return status;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The inbox cannot be read now (readiness says why); the gauges keep the last value they had.
            return Volatile.Read(ref last);
        }
    }
}
