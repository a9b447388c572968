using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Reminders;

namespace ComplianceBot.Host.Jobs;

/// <summary>Section "Reminders": when and how often people are chased, and where escalations go.</summary>
public sealed class RemindersOptions
{
    public const string Section = "Reminders";

    public List<int> DueSoonDays { get; set; } = [];

    public int OverdueEveryDays { get; set; } = 3;

    public int OverdueMaxReminders { get; set; } = 4;

    public int EscalateAfterDays { get; set; } = 7;

    public List<int> EvidenceExpiryDays { get; set; } = [];

    public int SnoozeBudget { get; set; } = 3;

    /// <summary>Where quiet hours were set before they became Jobs__QuietHoursStart/End; refused at start with the new name.</summary>
    public string? QuietHoursStart { get; set; }

    /// <inheritdoc cref="QuietHoursStart"/>
    public string? QuietHoursEnd { get; set; }

    public int MaxItemsPerMessage { get; set; } = 10;

    /// <summary>The compliance team's channel: escalations for owners without a manager, digests on demand.</summary>
    public ChannelAddressOptions? ComplianceChannel { get; set; }

    /// <param name="jobs">The quiet hours: when the jobs hold proactive messages back.</param>
    public ReminderPolicy ToPolicy(JobsOptions jobs) => new(
        DueSoonDays.Count > 0 ? DueSoonDays : ReminderPolicy.Default.DueSoonDays,
        OverdueEveryDays,
        OverdueMaxReminders,
        EscalateAfterDays,
        EvidenceExpiryDays.Count > 0 ? EvidenceExpiryDays : ReminderPolicy.Default.EvidenceExpiryDays,
        SnoozeBudget,
        TimeOnly.Parse(jobs.QuietHoursStart, System.Globalization.CultureInfo.InvariantCulture),
        TimeOnly.Parse(jobs.QuietHoursEnd, System.Globalization.CultureInfo.InvariantCulture),
        MaxItemsPerMessage,
        ComplianceChannel is { ConversationId.Length: > 0 } c ? new ConversationAddress(c.Platform, c.ConversationId, c.ServiceUrl, c.TenantId) : null);
}

/// <summary>A channel to post into: for Teams its conversation id (19:…@thread.tacv2), serviceUrl and tenant; for Slack its id (C…).</summary>
public sealed class ChannelAddressOptions
{
    public string Platform { get; set; } = Platforms.Teams;

    public string ConversationId { get; set; } = "";

    public string? ServiceUrl { get; set; }

    public string? TenantId { get; set; }
}
