namespace ComplianceBot.Core.Reminders;

/// <summary>When people are reminded, how often, and when a reminder turns into an escalation.</summary>
/// <param name="DueSoonDays">Days before a due date on which the owner is reminded (e.g. 7, 3, 1).</param>
/// <param name="OverdueEveryDays">Once overdue, a reminder every this many days…</param>
/// <param name="OverdueMaxReminders">…this many times; after that, one every <paramref name="EscalateAfterDays"/> days until answered.</param>
/// <param name="EscalateAfterDays">Overdue this many days: the owner's manager (else the compliance channel) is told, once.</param>
/// <param name="EvidenceExpiryDays">Days before evidence expires on which its controls' owners are reminded.</param>
/// <param name="SnoozeBudget">Snoozes allowed per item.</param>
/// <param name="QuietStart">Local time from which nobody is messaged…</param>
/// <param name="QuietEnd">…until this local time (reminders wait, they are not dropped).</param>
/// <param name="MaxItemsPerMessage">Items for one person are sent together, this many to a message.</param>
/// <param name="ComplianceChannel">Where escalations go when the owner has no manager, and "not mine" hand-offs.</param>
public sealed record ReminderPolicy(
    IReadOnlyList<int> DueSoonDays,
    int OverdueEveryDays,
    int OverdueMaxReminders,
    int EscalateAfterDays,
    IReadOnlyList<int> EvidenceExpiryDays,
    int SnoozeBudget,
    TimeOnly QuietStart,
    TimeOnly QuietEnd,
    int MaxItemsPerMessage = 10,
    Chat.ConversationAddress? ComplianceChannel = null)
{
    public static ReminderPolicy Default { get; } = new([7, 3, 1], 3, 4, 7, [14, 3], 3, new TimeOnly(18, 0), new TimeOnly(8, 0));

    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Whether <paramref name="local"/> (a person's wall-clock time) falls in the quiet hours.</summary>
    public bool IsQuiet(TimeOnly local) => QuietStart == QuietEnd
        ? false
        : QuietStart < QuietEnd
            ? local >= QuietStart && local < QuietEnd
            : local >= QuietStart || local < QuietEnd;

    /// <summary>The due-soon stage in force <paramref name="daysLeft"/> days before the due date: the nearest threshold reached.</summary>
    public int? DueSoonStage(int daysLeft)
    {
        if (daysLeft < 0) return null;
        int? stage = null;
        foreach (var days in DueSoonDays.OrderDescending())
        {
            if (daysLeft <= days) stage = days;
        }

        return stage;
    }

    /// <summary>
    /// The overdue reminder in force <paramref name="daysOver"/> days after the due date (1, 2, …): one every
    /// <see cref="OverdueEveryDays"/> days for the first <see cref="OverdueMaxReminders"/>, then one per escalation
    /// interval for as long as the item stays open. Each stage is sent once, so runs missed meanwhile catch up with one.
    /// </summary>
    public int? OverdueStage(int daysOver)
    {
        if (daysOver < 1) return null;
        var every = Math.Max(1, OverdueEveryDays);
        var n = ((daysOver - 1) / every) + 1;
        if (n <= OverdueMaxReminders) return n;
        var afterCap = daysOver - 1 - (OverdueMaxReminders * every);
        return OverdueMaxReminders + (afterCap / Math.Max(1, EscalateAfterDays)) + 1;
    }
}
