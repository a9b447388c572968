using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;

namespace ComplianceBot.Core.Reminders;

/// <summary>One card for all of a person's reminders in a run (cards/reminder.json).</summary>
public static class ReminderCard
{
    public const string Template = "reminder";

    public static OutboundMessage Compose(IReadOnlyList<ReminderItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var escalation = items.All(i => i.Topic == ReminderTopics.Escalation);
        var heading = escalation
            ? items.Count == 1 ? "Overdue in your team" : $"{items.Count} overdue items in your team"
            : items.Count == 1 ? "A compliance task needs you" : $"{items.Count} compliance tasks need you";
        var card = new CardView(Template, new JsonObject
        {
            ["heading"] = heading,
            ["intro"] = escalation
                ? "These are overdue past the escalation threshold. A word with the owner usually sorts it."
                : "Answer now, or snooze if you need a little longer (not past the due date).",
            ["items"] = new JsonArray(items.Select(Item).ToArray()),
        });
        return new OutboundMessage(null, card);
    }

    private static JsonNode Item(ReminderItem item)
    {
        var own = item.Topic != ReminderTopics.Escalation;
        return new JsonObject
        {
            ["item"] = item.ItemKey,
            ["reminderId"] = item.Id,
            ["title"] = item.Title,
            ["detail"] = item.Detail,
            ["controlId"] = item.ControlId ?? "",
            ["riskId"] = item.Topic == ReminderTopics.RiskReview ? item.SubjectId : "",
            ["actionId"] = item.Topic == ReminderTopics.RiskAction ? item.SubjectId : "",
            ["canComplete"] = own && item.Topic == ReminderTopics.RiskAction,
            ["nonconformityId"] = item.Topic == ReminderTopics.Nonconformity ? item.SubjectId : "",
            ["canCorrect"] = own && item.Topic == ReminderTopics.Nonconformity,
            ["canAnswer"] = own && item.Topic == ReminderTopics.Attestation,
            ["canReview"] = own && item.Topic == ReminderTopics.RiskReview,
            ["canUpload"] = own && item.ControlId is not null && item.Topic != ReminderTopics.RiskReview,
            ["canSnooze"] = own && item.Snoozable,
            ["canHandOff"] = own,
        };
    }
}
