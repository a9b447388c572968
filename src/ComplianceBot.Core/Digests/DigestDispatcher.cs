using System.Globalization;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Digests;

/// <summary>
/// One digest run: every active subscription whose weekly slot (its day and hour in the organisation's time
/// zone) has come in the current ISO week gets that week's digest, through the reminder ledger — the entry
/// "digest:{subscription}:{week}:weekly" is created before the post, so retries and other instances skip it.
/// </summary>
public sealed class DigestDispatcher(IComplianceStore store, DigestComposer composer, ReminderDelivery delivery, CompliancePolicy policy, TimeProvider time)
{
    public const string Stage = "weekly";

    public async Task<DeliveryReport> RunAsync(string instance, CancellationToken cancellationToken = default)
    {
        var report = new DeliveryReport();
        var now = time.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, policy.TimeZone).DateTime;
        var week = CoverageHistory.WeekOf(DateOnly.FromDateTime(local));
        var batches = new List<DeliveryBatch>();
        foreach (var subscription in (await store.ListAsync<DigestSubscription>(cancellationToken)).Select(s => s.Document))
        {
            if (!subscription.Active || subscription.Frameworks.Count == 0) continue;
            var item = ItemFor(subscription, week);
            if (local < SlotIn(local, subscription))
            {
                report.Deferred.Enqueue(item.Id);
                continue;
            }

            if (await store.FindAsync<Reminder>(item.Id, cancellationToken) is { Document.State: ReminderState.Sent or ReminderState.InDoubt })
            {
                report.AlreadySent.Enqueue(item.Id);
                continue;
            }

            // Composed before the claim: the card must exist to be sent, and a chart kept for a post that another
            // instance wins is harmless.
            var (_, message) = await composer.ComposeAsync(subscription.Frameworks, subscription.Address.Platform, cancellationToken);
            batches.Add(new DeliveryBatch(item.Recipient, [item], _ => message));
        }

        await delivery.DeliverAsync(batches, instance, report, cancellationToken);
        return report;
    }

    /// <summary>The subscription's day and hour in the ISO week (Monday to Sunday) containing <paramref name="local"/>.</summary>
    public static DateTime SlotIn(DateTime local, DigestSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var monday = local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7));
        return monday.AddDays(((int)subscription.Day + 6) % 7).AddHours(subscription.Hour);
    }

    public ReminderItem ItemFor(DigestSubscription subscription, string week)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var day = DateOnly.FromDateTime(ISOWeek.ToDateTime(int.Parse(week[..4], CultureInfo.InvariantCulture), int.Parse(week[6..], CultureInfo.InvariantCulture), subscription.Day));
        return new ReminderItem(
            ReminderTopics.Digest, subscription.Id, week, Stage, subscription.CreatedBy,
            new ChannelRecipient(subscription.Address, policy.TimeZone.Id),
            $"Coverage digest {week}", DigestFrameworks.Describe(subscription.Frameworks), day, null, Snoozable: false);
    }
}
