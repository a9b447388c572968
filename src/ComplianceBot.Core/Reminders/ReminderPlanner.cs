using System.Globalization;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Reminders;

/// <summary>
/// Works out which reminders are due at an instant: attestations due soon or overdue, risk reviews, evidence about
/// to expire, and escalations. It only reads; the ledger decides whether a reminder was already sent. Each item
/// yields the stage in force (the nearest threshold reached), so a run that was missed catches up with one
/// reminder, not a burst of stale ones.
/// </summary>
public sealed class ReminderPlanner(IComplianceStore store, CompliancePolicy compliance, ReminderPolicy policy, Risks.RiskCriteria criteria)
{
    public async Task<ReminderPlan> PlanAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var people = (await store.ListAsync<Person>(cancellationToken)).ToDictionary(p => p.Document.Id, p => p.Document, StringComparer.Ordinal);
        var items = new List<ReminderItem>();
        await AttestationsAsync(now, people, items, cancellationToken);
        var risks = (await store.ListAsync<Risk>(cancellationToken)).Select(r => r.Document).Where(r => r.Status != RiskStatus.Closed).ToList();
        RiskReviews(now, people, risks, items);
        TreatmentActions(now, people, risks, items);
        await CorrectiveActionsAsync(now, people, items, cancellationToken);
        await EvidenceAsync(now, people, items, cancellationToken);

        var due = new List<ReminderItem>();
        var snoozed = 0;
        foreach (var item in items)
        {
            var resolved = await ApplyPersonalAsync(item, now, cancellationToken);
            if (resolved is null) snoozed++;
            else due.Add(resolved);
        }

        return new ReminderPlan(due, snoozed);
    }

    /// <summary>The person's calendar day at <paramref name="now"/>.</summary>
    public static DateOnly LocalDay(string timeZone, DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone(timeZone)).DateTime);

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    private async Task AttestationsAsync(DateTimeOffset now, Dictionary<string, Person> people, List<ReminderItem> items, CancellationToken cancellationToken)
    {
        var today = compliance.Today(now);
        var controls = (await store.ListAsync<Control>(cancellationToken)).Select(c => c.Document).Where(c => c.OwnerId is not null).ToList();
        var answered = (await store.ListAttestationsAsync(Coverage.ControlEvaluator.PeriodKeysInPlay(today), cancellationToken))
            .Where(a => a.Status == AttestationStatus.Answered).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var control in controls)
        {
            if (!people.TryGetValue(control.OwnerId!, out var owner)) continue;
            if (compliance.PeriodToAttest(control, today) is not { } period) continue; // its first period is still running
            if (answered.Contains(Attestation.IdFor(control.Id, period.Key))) continue;
            var due = compliance.DueOn(control, period);
            Stages(items, people, owner, ReminderTopics.Attestation, control.Id, period.Key, due, now,
                $"Attest {control.Id} {control.Name}", $"Period {period.Key}", control.Id);
        }
    }

    private void RiskReviews(DateTimeOffset now, Dictionary<string, Person> people, List<Risk> risks, List<ReminderItem> items)
    {
        foreach (var risk in risks)
        {
            if (!people.TryGetValue(risk.OwnerId, out var owner)) continue;
            Stages(items, people, owner, ReminderTopics.RiskReview, risk.Id, Day(risk.ReviewOn), risk.ReviewOn, now,
                $"Review {risk.Id} {risk.Title}", $"{criteria.LevelOf(Risks.RiskCriteria.Current(risk))} risk{(criteria.AboveAppetite(risk) ? ", above appetite" : "")}, review date {Day(risk.ReviewOn)}", risk.LinkedControlIds.Count > 0 ? risk.LinkedControlIds[0] : null);
        }
    }

    /// <summary>Open treatment actions of risks not closed, to their owners: due soon, overdue, escalated, as attestations are.</summary>
    private void TreatmentActions(DateTimeOffset now, Dictionary<string, Person> people, List<Risk> risks, List<ReminderItem> items)
    {
        foreach (var risk in risks)
        {
            foreach (var action in risk.Actions.Where(a => a.DoneOn is null))
            {
                if (!people.TryGetValue(action.OwnerId, out var owner)) continue;
                var id = TreatmentAction.IdFor(risk.Id, action.Number);
                Stages(items, people, owner, ReminderTopics.RiskAction, id, Day(action.DueOn), action.DueOn, now,
                    $"Treatment action {id}: {action.Description}", $"For {risk.Id} {risk.Title}, due {Day(action.DueOn)}", null);
            }
        }
    }

    /// <summary>Open nonconformities, to the owner of the corrective action, reminded and escalated like attestations.</summary>
    private async Task CorrectiveActionsAsync(DateTimeOffset now, Dictionary<string, Person> people, List<ReminderItem> items, CancellationToken cancellationToken)
    {
        foreach (var nc in (await store.ListAsync<Nonconformity>(cancellationToken)).Select(n => n.Document).Where(n => n.Status == NonconformityStatus.Open))
        {
            if (!people.TryGetValue(nc.OwnerId, out var owner)) continue;
            Stages(items, people, owner, ReminderTopics.Nonconformity, nc.Id, Day(nc.DueOn), nc.DueOn, now,
                $"Corrective action {nc.Id}: {nc.CorrectiveAction}", nc.ControlId is null ? nc.WhatHappened : $"{nc.ControlId}: {nc.WhatHappened}", null);
        }
    }

    /// <summary>Evidence expiring soon, for each of its controls that has nothing newer lasting longer.</summary>
    private async Task EvidenceAsync(DateTimeOffset now, Dictionary<string, Person> people, List<ReminderItem> items, CancellationToken cancellationToken)
    {
        if (policy.EvidenceExpiryDays.Count == 0) return;
        var today = compliance.Today(now);
        var horizon = today.AddDays(policy.EvidenceExpiryDays.Max());
        var expiring = new List<Evidence>();
        await foreach (var evidence in store.StreamEvidenceAsync(cancellationToken))
        {
            if (evidence.ExpiresOn is { } expires && expires >= today && expires <= horizon && evidence.EffectiveOn <= today) expiring.Add(evidence);
        }

        if (expiring.Count == 0) return;
        var controls = (await store.ListAsync<Control>(cancellationToken)).ToDictionary(c => c.Document.Id, c => c.Document, StringComparer.Ordinal);
        foreach (var evidence in expiring)
        {
            foreach (var controlId in evidence.ControlIds)
            {
                if (!controls.TryGetValue(controlId, out var control) || control.OwnerId is null || !people.TryGetValue(control.OwnerId, out var owner)) continue;
                var others = await store.ListEvidenceForControlAsync(controlId, cancellationToken);
                if (others.Any(o => o.Id != evidence.Id && o.EffectiveOn <= today && (o.ExpiresOn is null || o.ExpiresOn > evidence.ExpiresOn))) continue;
                var daysLeft = evidence.ExpiresOn!.Value.DayNumber - ReminderPlanner.LocalDay(owner.TimeZone, now).DayNumber;
                int? stage = null;
                foreach (var days in policy.EvidenceExpiryDays.OrderDescending())
                {
                    if (daysLeft >= 0 && daysLeft <= days) stage = days;
                }

                if (stage is null) continue;
                items.Add(new ReminderItem(ReminderTopics.EvidenceExpiring, $"{controlId}/{evidence.Id}", Day(evidence.ExpiresOn.Value), $"expires-{stage}",
                    owner.Id, new PersonRecipient(owner), $"Evidence for {control.Id} expires {Day(evidence.ExpiresOn.Value)}",
                    $"{evidence.FileName}: file a newer copy", evidence.ExpiresOn.Value, control.Id, Snoozable: true));
            }
        }
    }

    /// <summary>The due-soon or overdue stage in force for one item, and its escalation once it is overdue long enough.</summary>
    private void Stages(
        List<ReminderItem> items, Dictionary<string, Person> people, Person owner, string topic, string subject, string period, DateOnly due,
        DateTimeOffset now, string title, string detail, string? controlId)
    {
        var daysLeft = due.DayNumber - LocalDay(owner.TimeZone, now).DayNumber;
        if (daysLeft >= 0)
        {
            if (policy.DueSoonStage(daysLeft) is { } soon)
            {
                var when = daysLeft switch { 0 => "due today", 1 => "due tomorrow", _ => $"due in {daysLeft} days ({Day(due)})" };
                items.Add(new ReminderItem(topic, subject, period, $"due-{soon}", owner.Id, new PersonRecipient(owner), title, $"{detail} · {when}", due, controlId, Snoozable: daysLeft > 0));
            }

            return;
        }

        var daysOver = -daysLeft;
        if (policy.OverdueStage(daysOver) is { } overdue)
        {
            items.Add(new ReminderItem(topic, subject, period, $"overdue-{overdue}", owner.Id, new PersonRecipient(owner), title,
                $"{detail} · overdue since {Day(due)}", due, controlId, Snoozable: false));
        }

        if (daysOver < policy.EscalateAfterDays) return;
        ReminderRecipient? escalateTo = owner.ManagerId is { } managerId && people.TryGetValue(managerId, out var manager)
            ? new PersonRecipient(manager)
            : policy.ComplianceChannel is { } channel ? new ChannelRecipient(channel, compliance.TimeZone.Id) : null;
        if (escalateTo is null) return;
        items.Add(new ReminderItem(ReminderTopics.Escalation, $"{topic}/{subject}", period, escalateTo is PersonRecipient ? "manager" : "channel",
            owner.Id, escalateTo, $"{owner.DisplayName}: {title}",
            $"{detail} · overdue since {Day(due)} ({daysOver} days)", due, controlId, Snoozable: false));
    }

    /// <summary>
    /// Null while the item is snoozed, or when its owner handed it to the compliance team. After a snooze ends the
    /// person is reminded once more, even when the stage in force was already sent (that is what they snoozed).
    /// </summary>
    private async Task<ReminderItem?> ApplyPersonalAsync(ReminderItem item, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // An escalation's subject is "{topic}/{subject}": the hand-off is recorded on the item it escalates.
        var handoffKey = item.Topic == ReminderTopics.Escalation ? EscalatedItemKey(item) : item.ItemKey;
        if ((await store.FindAsync<Handoff>(handoffKey, cancellationToken))?.Document.PersonId == item.OwnerId) return null;
        if (!item.Snoozable && !item.Stage.StartsWith("due-", StringComparison.Ordinal)) return item;
        var snooze = (await store.FindAsync<Snooze>(item.ItemKey, cancellationToken))?.Document;
        if (snooze is null) return item;
        if (now < snooze.Until) return null;
        var stage = (await store.FindAsync<Reminder>(item.Id, cancellationToken))?.Document;
        return stage is not null && stage.ClaimedAt < snooze.Until
            ? item with { Stage = $"snoozed-{snooze.Count.ToString(CultureInfo.InvariantCulture)}" }
            : item;
    }

    private static string EscalatedItemKey(ReminderItem item)
    {
        var slash = item.SubjectId.IndexOf('/', StringComparison.Ordinal);
        return ReminderItem.ItemKeyOf(item.SubjectId[..slash], item.SubjectId[(slash + 1)..], item.Period);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>What is due now, and how many items are held back (snoozed, or handed to the compliance team).</summary>
public sealed record ReminderPlan(IReadOnlyList<ReminderItem> Items, int Snoozed);
