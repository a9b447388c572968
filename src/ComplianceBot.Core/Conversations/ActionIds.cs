namespace ComplianceBot.Core.Conversations;

/// <summary>Every action id a card can send. Cards name them as the Action.Execute verb and as data.action.</summary>
public static class ActionIds
{
    public const string RiskOpen = "risk.open";
    public const string RiskSubmit = "risk.submit";
    public const string AttestOpen = "attest.open";
    public const string AttestSubmit = "attest.submit";
    public const string EvidenceStart = "evidence.start";
    public const string EvidenceFile = "evidence.file";
    public const string TasksShow = "tasks.show";
    public const string StatusShow = "status.show";
    public const string HelpShow = "help.show";
    public const string ReminderSnooze = "reminder.snooze";
    public const string ReminderSnoozeWeek = "reminder.snooze.week";
    public const string ReminderNotMine = "reminder.notmine";
    public const string ReminderHandOff = "reminder.handoff";

    public static IReadOnlyList<string> All { get; } =
        [RiskOpen, RiskSubmit, AttestOpen, AttestSubmit, EvidenceStart, EvidenceFile, TasksShow, StatusShow, HelpShow,
         ReminderSnooze, ReminderSnoozeWeek, ReminderNotMine, ReminderHandOff];
}
