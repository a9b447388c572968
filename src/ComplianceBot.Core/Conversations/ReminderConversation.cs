using System.Globalization;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// The buttons on a reminder card: snooze (within the item's budget, never past its due date) and "Not mine"
/// (asks why, records the hand-off, tells the compliance team, and stops the reminders for this person); and a
/// compliance admin's "run reminders", which starts the reminder run and the attestation campaign now.
/// </summary>
public sealed class ReminderConversation(
    IComplianceStore store, AuditTrail audit, ReminderPolicy policy, CompliancePolicy compliance, IJobTrigger jobs, TimeProvider time)
    : IConversation
{
    public const string HandoffTemplate = "handoff";
    public const string ComplianceAdminRole = "compliance-admin";
    public const string SnoozeAction = "reminder.snooze";
    public const string SnoozeWeekAction = "reminder.snooze.week";
    public const string NotMineAction = "reminder.notmine";
    public const string HandOffAction = "reminder.handoff";
    public const string RunNowAction = "reminders.run";

    // Both snooze buttons share the handler; the days come with the button's data (1 or 7).
    public IEnumerable<ChatAction> Actions =>
    [
        new(SnoozeAction, OpensForm: false, (request, cancellationToken) => SnoozeAsync(request.Person, request.Data, cancellationToken)),
        new(SnoozeWeekAction, OpensForm: false, (request, cancellationToken) => SnoozeAsync(request.Person, request.Data, cancellationToken)),
        new(NotMineAction, OpensForm: false, (request, cancellationToken) => NotMineAsync(request.Person, request.Data, cancellationToken)),
        new(HandOffAction, OpensForm: false, (request, cancellationToken) => HandOffAsync(request.Person, request.Data, cancellationToken)),
        new(RunNowAction, OpensForm: false, (request, cancellationToken) => RunNowAsync(request.Person, request.Text("job"), cancellationToken))
        {
            Command = new("run") { ArgumentField = "job", Help = new("run reminders", "Send due reminders and attestation requests now", AdminOnly: true) },
        },
    ];

    /// <summary>A compliance admin starts the reminders and the attestation campaign now, instead of waiting for the schedule.</summary>
    public async Task<TurnResult> RunNowAsync(Person person, string? job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (!string.Equals(job?.Trim(), "reminders", StringComparison.OrdinalIgnoreCase))
            return TurnResult.Reply(OutboundMessage.Say("I can run the reminders now: send 'run reminders'."));
        if (!Digests.DigestConversation.IsAdmin(person))
            return TurnResult.Reply(OutboundMessage.Say("Only a compliance admin can run the reminders; they go out on their own every hour."));
        jobs.TriggerReminders();
        await audit.RecordAsync(person.Id, "reminders.run", "job", "reminders", "triggered from chat", cancellationToken);
        return TurnResult.Reply(OutboundMessage.Say(
            $"Reminders and attestation requests are going out now. Each person gets only what is due and not yet sent, and nobody is messaged between {policy.QuietStart.ToString("HH:mm", CultureInfo.InvariantCulture)} and {policy.QuietEnd.ToString("HH:mm", CultureInfo.InvariantCulture)} their time (those wait until morning)."));
    }

    public async Task<TurnResult> SnoozeAsync(Person person, JsonObject data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(data);
        var days = CardInputs.Number(data, "days") is 1 or 7 ? CardInputs.Number(data, "days")!.Value : 1;
        var (key, due, refusal) = await ItemAsync(person, CardInputs.Text(data, "item"), cancellationToken);
        if (refusal is not null) return TurnResult.Reply(OutboundMessage.Say(refusal));

        var now = time.GetUtcNow();
        var zone = Reminders.ReminderPlanner.Zone(person.TimeZone);
        // Never past the due date: the latest wake-up is the morning of the due day, so the due-day reminder still comes.
        var latest = new DateTimeOffset(due!.Value.ToDateTime(policy.QuietEnd), zone.GetUtcOffset(due.Value.ToDateTime(policy.QuietEnd)));
        var until = now.AddDays(days) < latest ? now.AddDays(days) : latest;
        if (until <= now) return TurnResult.Reply(OutboundMessage.Say("That is due today or already overdue, so it can't be snoozed any more."));

        var existing = (await store.FindAsync<Snooze>(key!, cancellationToken))?.Document;
        if (existing is not null && existing.Count >= policy.SnoozeBudget)
            return TurnResult.Reply(OutboundMessage.Say($"You have used all {policy.SnoozeBudget} snoozes for this one. Please answer it, or say it is not yours."));

        var saved = await store.UpdateOrCreateAsync<Snooze>(key!, s => new Snooze
        {
            Id = key!, PersonId = person.Id, Until = until, Count = (s?.Count ?? 0) + 1, At = now,
        }, cancellationToken);
        await audit.RecordAsync(person.Id, "reminder.snoozed", Snooze.Kind, key!, $"until={until:O} count={saved.Count}", cancellationToken);
        var left = policy.SnoozeBudget - saved.Count;
        var localUntil = TimeZoneInfo.ConvertTime(until, zone);
        return TurnResult.Reply(OutboundMessage.Say(
            $"Snoozed until {localUntil.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture)}" +
            (until == latest ? " (its due date)" : "") + $". {(left == 0 ? "No snoozes" : left == 1 ? "1 snooze" : $"{left} snoozes")} left for it."));
    }

    public async Task<TurnResult> NotMineAsync(Person person, JsonObject data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(data);
        var (key, _, refusal) = await ItemAsync(person, CardInputs.Text(data, "item"), cancellationToken);
        if (refusal is not null) return TurnResult.Reply(OutboundMessage.Say(refusal));
        return TurnResult.Reply(OutboundMessage.Show(HandoffCard(key!, CardInputs.Text(data, "title") ?? key!, "", done: false, [])));
    }

    public async Task<TurnResult> HandOffAsync(Person person, JsonObject data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(data);
        var title = CardInputs.Text(data, "title") ?? "this item";
        var (key, _, refusal) = await ItemAsync(person, CardInputs.Text(data, "item"), cancellationToken);
        if (refusal is not null) return TurnResult.Reply(OutboundMessage.Say(refusal));
        var reason = CardInputs.Text(data, "reason");
        if (reason is null || reason.Length > 500)
        {
            FieldError[] errors = [new("reason", "Say in a few words why it is not yours (up to 500 characters).")];
            return TurnResult.Invalid(HandoffCard(key!, title, reason ?? "", done: false, errors), errors);
        }

        await store.UpsertAsync(new Handoff { Id = key!, PersonId = person.Id, Reason = reason, At = time.GetUtcNow() }, cancellationToken);
        await audit.RecordAsync(person.Id, "reminder.handed-off", Handoff.Kind, key!, "reason given", cancellationToken);
        var admins = (await store.ListAsync<Person>(cancellationToken)).Select(p => p.Document)
            .Where(p => p.Roles.Contains(ComplianceAdminRole, StringComparer.OrdinalIgnoreCase) && p.Id != person.Id);
        var notice = OutboundMessage.Say($"{person.DisplayName} says \"{title}\" is not theirs: {reason}. Please find the right owner.");
        return TurnResult.Replace(HandoffCard(key!, title, reason, done: true, []), admins.Select(a => new Notice(a.Id, notice)).ToArray());
    }

    private static CardView HandoffCard(string key, string title, string reason, bool done, FieldError[] errors) => new(HandoffTemplate, new JsonObject
    {
        ["item"] = key, ["title"] = title, ["reason"] = reason, ["done"] = done, ["hasErrors"] = errors.Length > 0, ["errors"] = CardInputs.Errors(errors),
    });

    /// <summary>The item key from a card, checked to be one of the person's, with its due date.</summary>
    private async Task<(string? Key, DateOnly? Due, string? Refusal)> ItemAsync(Person person, string? key, CancellationToken cancellationToken)
    {
        var parts = key?.Split(':') ?? [];
        if (parts.Length != 3) return (null, null, "That reminder is no longer valid.");
        var (topic, subject, period) = (parts[0], parts[1], parts[2]);
        switch (topic)
        {
            case ReminderTopics.Attestation:
                var control = (await store.FindAsync<Control>(subject, cancellationToken))?.Document;
                if (control is null || !control.IsAnsweredBy(person.Id)) return (null, null, $"{subject} is not one of your controls.");
                var current = compliance.PeriodToAttest(control, compliance.Today(time.GetUtcNow()));
                return current is { } open && open.Key == period
                    ? (key, compliance.DueOn(control, open), null)
                    : (null, null, $"The {period} attestation of {subject} is closed.");
            case ReminderTopics.RiskReview:
                var risk = (await store.FindAsync<Risk>(subject, cancellationToken))?.Document;
                return risk is null || risk.OwnerId != person.Id ? (null, null, $"{subject} is not one of your risks.") : (key, risk.ReviewOn, null);
            case ReminderTopics.RiskAction:
                var parent = TreatmentAction.TryParseId(subject, out var parentId, out var number) ? (await store.FindAsync<Risk>(parentId, cancellationToken))?.Document : null;
                var step = parent?.Actions.FirstOrDefault(a => a.Number == number);
                return step is null || step.OwnerId != person.Id || step.DoneOn is not null ? (null, null, $"{subject} is not one of your open actions.") : (key, step.DueOn, null);
            case ReminderTopics.Nonconformity:
                var nc = (await store.FindAsync<Nonconformity>(subject, cancellationToken))?.Document;
                return nc is null || nc.OwnerId != person.Id || nc.Status != NonconformityStatus.Open ? (null, null, $"{subject} is not one of your open corrective actions.") : (key, nc.DueOn, null);
            case ReminderTopics.EvidenceExpiring:
                var controlId = subject.Split('/')[0];
                var owned = (await store.FindAsync<Control>(controlId, cancellationToken))?.Document;
                return owned is null || !owned.IsAnsweredBy(person.Id) || !DateOnly.TryParseExact(period, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires)
                    ? (null, null, $"{controlId} is not one of your controls.")
                    : (key, expires, null);
            default:
                return (null, null, "That reminder is no longer valid.");
        }
    }
}
