namespace ComplianceBot.Core.Reminders;

/// <summary>Starts the scheduled jobs ahead of their schedule (an admin's "run reminders" in chat).</summary>
public interface IJobTrigger
{
    /// <summary>
    /// Queues the reminder run and the attestation campaign to start now. They behave as on schedule: each stage is
    /// sent once, and nobody is messaged inside their quiet hours.
    /// </summary>
    void TriggerReminders();
}
