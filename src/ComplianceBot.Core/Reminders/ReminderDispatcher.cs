using ComplianceBot.Core.Delivery;

namespace ComplianceBot.Core.Reminders;

/// <summary>
/// One reminder run: plan what is due, hold back what falls in the recipient's quiet hours (the next run after
/// they end picks it up), batch the rest per recipient into cards and deliver them exactly once.
/// </summary>
public sealed class ReminderDispatcher(ReminderPlanner planner, ReminderDelivery delivery, ReminderPolicy policy, TimeProvider time)
{
    public async Task<DeliveryReport> RunAsync(string instance, CancellationToken cancellationToken = default)
    {
        var report = new DeliveryReport();
        var now = time.GetUtcNow();
        var plan = await planner.PlanAsync(now, cancellationToken);
        report.Snoozed = plan.Snoozed;

        var awake = new List<ReminderItem>();
        foreach (var item in plan.Items)
        {
            if (IsQuiet(item.Recipient, now)) report.Deferred.Enqueue(item.Id);
            else awake.Add(item);
        }

        var batches = awake
            .GroupBy(i => i.Recipient.Key, StringComparer.Ordinal)
            .SelectMany(g => g.OrderBy(i => i.DueOn).ThenBy(i => i.Id, StringComparer.Ordinal).Chunk(policy.MaxItemsPerMessage)
                .Select(chunk => new DeliveryBatch(g.First().Recipient, chunk, ReminderCard.Compose)))
            .ToList();
        await delivery.DeliverAsync(batches, instance, report, cancellationToken);
        return report;
    }

    public bool IsQuiet(ReminderRecipient recipient, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var local = TimeZoneInfo.ConvertTime(now, ReminderPlanner.Zone(recipient.TimeZone));
        return policy.IsQuiet(TimeOnly.FromDateTime(local.DateTime));
    }
}
