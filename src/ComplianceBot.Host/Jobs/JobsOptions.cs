namespace ComplianceBot.Host.Jobs;

/// <summary>Section "Jobs": where Hangfire keeps its queue, when the recurring jobs run, and the dashboard.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Whether this instance runs the job server (every instance may; the ledger keeps sends exactly-once).</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>Sqlite (a file beside the embedded store; one instance), PostgreSql or Redis (several instances share one queue).</summary>
    public string Storage { get; set; } = "Sqlite";

    /// <summary>The SQLite file path, or the PostgreSQL / Redis connection string. A secret when it carries a password: never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Where Hangfire keeps its data on a shared PostgreSQL or Redis server: the PostgreSQL schema, or the Redis key
    /// prefix ({hangfire}:). Bots that must not share a queue (staging and production) use different ones.
    /// </summary>
    public string Prefix { get; set; } = "hangfire";

    /// <summary>IANA time zone the cron expressions are read in; the organisation's (Compliance__TimeZone) when unset.</summary>
    public string? TimeZone { get; set; }

    public string RemindersCron { get; set; } = "0 * * * *";

    /// <summary>
    /// Each person's local quiet hours (HH:mm): reminders and attestation requests wait until they end. The same time
    /// for both turns them off.
    /// </summary>
    public string QuietHoursStart { get; set; } = "18:00";

    /// <inheritdoc cref="QuietHoursStart"/>
    public string QuietHoursEnd { get; set; } = "08:00";

    public string CampaignsCron { get; set; } = "30 * * * *";

    /// <summary>How often subscriptions are checked; each one is posted once a week on its own day and hour.</summary>
    public string DigestsCron { get; set; } = "15 * * * *";

    /// <summary>When names, managers and leavers are read from the platforms' directories: daily at 04:00.</summary>
    public string DirectorySyncCron { get; set; } = "0 4 * * *";

    public int Workers { get; set; } = 2;

    /// <summary>How often the server looks for scheduled and recurring work.</summary>
    public int PollSeconds { get; set; } = 15;

    /// <summary>Slack's workspace-wide limit for chat.postMessage (Slack publishes only "several hundred a minute").</summary>
    public int SlackMessagesPerMinute { get; set; } = 300;

    /// <summary>Where charts and other public links point (https://bot.example.com); needed for Slack digest charts.</summary>
    public string? PublicBaseUrl { get; set; }
}
