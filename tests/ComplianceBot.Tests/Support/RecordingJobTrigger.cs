using ComplianceBot.Core.Reminders;

namespace ComplianceBot.Tests.Support;

/// <summary>Counts the times the reminder jobs were started ahead of schedule.</summary>
public sealed class RecordingJobTrigger : IJobTrigger
{
    private int triggered;

    public int Triggered => triggered;

    public void TriggerReminders() => Interlocked.Increment(ref triggered);
}
