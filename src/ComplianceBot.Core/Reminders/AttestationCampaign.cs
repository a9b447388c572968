using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Reminders;

/// <summary>
/// The attestation campaign: for every owned control, the current period's attestation request is created once
/// and the attestation card is sent to the owner 1:1, once (ledger id campaign:{control}:{period}:request),
/// outside their quiet hours. Answered controls are left alone.
/// </summary>
public sealed class AttestationCampaign(
    IComplianceStore store, AttestationBook book, AttestationConversation attestations, ReminderDelivery delivery, ReminderDispatcher quiet, TimeProvider time)
{
    public const string Stage = "request";

    public async Task<DeliveryReport> RunAsync(string instance, CancellationToken cancellationToken = default)
    {
        var report = new DeliveryReport();
        var now = time.GetUtcNow();
        var people = (await store.ListAsync<Person>(cancellationToken)).ToDictionary(p => p.Document.Id, p => p.Document, StringComparer.Ordinal);
        var batches = new List<DeliveryBatch>();
        foreach (var control in (await store.ListAsync<Control>(cancellationToken)).Select(c => c.Document))
        {
            if (control.OwnerId is null || !people.TryGetValue(control.OwnerId, out var owner)) continue;
            var (attestation, _) = await book.RequestAsync(control, cancellationToken);
            if (attestation is null || attestation.Status == AttestationStatus.Answered) continue; // first period still running, or answered
            var item = new ReminderItem(ReminderTopics.Campaign, control.Id, attestation.Period, Stage, owner.Id, new PersonRecipient(owner),
                $"Attest {control.Id} {control.Name}", $"Period {attestation.Period}", attestation.DueOn, control.Id, Snoozable: false);
            if (quiet.IsQuiet(item.Recipient, now))
            {
                report.Deferred.Enqueue(item.Id);
                continue;
            }

            var card = await attestations.RequestCardAsync(control, cancellationToken);
            if (card is null) continue;
            batches.Add(new DeliveryBatch(item.Recipient, [item], _ => OutboundMessage.Show(card)));
        }

        await delivery.DeliverAsync(batches, instance, report, cancellationToken);
        return report;
    }
}
