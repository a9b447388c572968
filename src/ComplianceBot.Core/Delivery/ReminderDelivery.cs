using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Delivery;

/// <summary>A message for one recipient carrying some ledger items; <see cref="Compose"/> writes it for the items actually claimed.</summary>
public sealed record DeliveryBatch(ReminderRecipient Recipient, IReadOnlyList<ReminderItem> Items, Func<IReadOnlyList<ReminderItem>, OutboundMessage> Compose);

/// <summary>
/// Exactly-once delivery through the ledger. Each item is claimed by creating its ledger entry (state Sending,
/// this instance, a lease) right before its message goes out, and marked Sent with the platform's message id
/// after. An entry left in Sending by a run that died is reconciled: where the channel can read its history
/// (Slack) the message is looked for and the entry marked sent, or the item sent again if it never arrived;
/// elsewhere (Teams) it is reported in doubt and not repeated.
/// </summary>
public sealed class ReminderDelivery(IComplianceStore store, ChatAddressBook addresses, FanOut fanOut, TimeProvider time)
{
    public async Task DeliverAsync(IReadOnlyList<DeliveryBatch> batches, string instance, DeliveryReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(report);
        var messages = new List<FanOutMessage>();
        var resolved = new Dictionary<string, (ConversationAddress? Address, ChatSendException? Failure)>(StringComparer.Ordinal);
        foreach (var batch in batches)
        {
            if (!resolved.TryGetValue(batch.Recipient.Key, out var resolution))
            {
                resolution = await ResolveAsync(batch.Recipient, cancellationToken);
                resolved[batch.Recipient.Key] = resolution;
            }

            // One person who cannot be reached (or whose platform failed just now) is reported; the run goes on.
            var (address, failure) = resolution;
            var channel = address is null ? null : addresses.Channel(address.Platform);
            if (failure is { RecipientUnreachable: false })
            {
                foreach (var item in batch.Items) report.Failed.Enqueue(item.Id);
                continue;
            }

            if (address is null || channel is null)
            {
                var reason = failure?.Reason ?? (address is null ? "no_chat_account" : "platform_not_configured");
                foreach (var item in batch.Items) report.Unreachable.Enqueue((item.Id, batch.Recipient.Key, reason));
                continue;
            }

            var open = await OpenItemsAsync(batch.Items, channel, address, instance, report, cancellationToken);
            if (open.Count == 0) continue;
            messages.Add(new FanOutMessage(address.Platform, address.TenantId ?? "", address.ConversationId,
                (slot, ct) => SendAsync(batch, open, channel, address, instance, report, slot, ct)));
        }

        await fanOut.RunAsync(messages, cancellationToken);
    }

    private async Task<(ConversationAddress? Address, ChatSendException? Failure)> ResolveAsync(ReminderRecipient recipient, CancellationToken cancellationToken)
    {
        if (recipient is ChannelRecipient channel) return (channel.Address, null);
        try
        {
            return (await addresses.DirectAsync(((PersonRecipient)recipient).Person, cancellationToken), null);
        }
        catch (ChatSendException ex)
        {
            return (null, ex);
        }
    }

    /// <summary>The items still to send, each with the entry to replace when it is a retry (null: create it).</summary>
    private async Task<List<(ReminderItem Item, Stored<Reminder>? Retry)>> OpenItemsAsync(
        IReadOnlyList<ReminderItem> items, IChatChannel channel, ConversationAddress address, string instance, DeliveryReport report,
        CancellationToken cancellationToken)
    {
        var open = new List<(ReminderItem, Stored<Reminder>?)>();
        IReadOnlyDictionary<string, string>? history = null;
        var now = time.GetUtcNow();
        foreach (var item in items)
        {
            var existing = await store.FindAsync<Reminder>(item.Id, cancellationToken);
            switch (existing?.Document)
            {
                case null:
                    open.Add((item, null));
                    break;
                case { State: ReminderState.Sent or ReminderState.InDoubt }:
                    report.AlreadySent.Enqueue(item.Id);
                    break;
                case { State: ReminderState.Failed }:
                    open.Add((item, existing));
                    break;
                case { State: ReminderState.Sending } sending when sending.LeaseUntil > now:
                    // Another run holds part of this batch and claims the rest in order: all of it is that run's,
                    // or the person would get the batch in two halves.
                    foreach (var (held, _) in open) report.Busy.Enqueue(held.Id);
                    foreach (var rest in items.SkipWhile(i => i.Id != item.Id)) report.Busy.Enqueue(rest.Id);
                    return [];
                default:
                    // Left in Sending by a run that died: did the message arrive?
                    if (channel is not IDeliveryHistory reader)
                    {
                        if (await TryReplaceAsync(existing!, e => e with { State = ReminderState.InDoubt, Instance = instance, LastError = "interrupted; the platform cannot confirm delivery" }, cancellationToken))
                            report.InDoubt.Enqueue(item.Id);
                        break;
                    }

                    history ??= await reader.FindDeliveriesAsync(address, existing!.Document.ClaimedAt - TimeSpan.FromMinutes(1), cancellationToken);
                    if (history.TryGetValue(item.Id, out var messageId))
                    {
                        if (await TryReplaceAsync(existing!, e => e with { State = ReminderState.Sent, Instance = instance, MessageId = messageId, SentAt = now, Platform = address.Platform, ConversationId = address.ConversationId }, cancellationToken))
                            report.Recovered.Enqueue(item.Id);
                    }
                    else
                    {
                        open.Add((item, existing));
                    }

                    break;
            }
        }

        return open;
    }

    private async Task SendAsync(
        DeliveryBatch batch, List<(ReminderItem Item, Stored<Reminder>? Retry)> open, IChatChannel channel, ConversationAddress address,
        string instance, DeliveryReport report, Func<CancellationToken, Task> slot, CancellationToken cancellationToken)
    {
        var batchId = Guid.NewGuid().ToString("N");
        var claimed = new List<(ReminderItem Item, Stored<Reminder> Entry)>();
        for (var i = 0; i < open.Count; i++)
        {
            var entry = await ClaimAsync(open[i].Item, open[i].Retry, batch.Recipient.Key, instance, batchId, cancellationToken);
            if (entry is not null)
            {
                claimed.Add((open[i].Item, entry));
                continue;
            }

            // Another instance is sending this recipient's batch (both claim in the same order): leave the rest to
            // it, so the person still gets one message rather than two halves.
            foreach (var (item, _) in open.Skip(i)) report.Busy.Enqueue(item.Id);
            break;
        }

        if (claimed.Count == 0) return;
        var message = batch.Compose(claimed.Select(c => c.Item).ToList()) with { DeliveryKeys = claimed.Select(c => c.Item.Id).ToList() };
        string? messageId;
        try
        {
            await slot(cancellationToken);
            messageId = await channel.SendAsync(address, message, cancellationToken);
        }
        catch (ChatSendException ex)
        {
            // Perhaps posted: leave the items claimed, and the lease's end sends them to reconciliation. Certainly
            // not posted: free them for the next run (and report the person if they cannot be reached).
            if (ex.MayHaveBeenDelivered) return;
            foreach (var (item, entry) in claimed)
            {
                await TryReplaceAsync(entry, e => e with { State = ReminderState.Failed, LastError = $"{ex.Platform}: {ex.Reason}" }, cancellationToken);
                if (ex.RecipientUnreachable) report.Unreachable.Enqueue((item.Id, batch.Recipient.Key, ex.Reason));
                else report.Failed.Enqueue(item.Id);
            }

            return;
        }

        var now = time.GetUtcNow();
        foreach (var (item, entry) in claimed)
        {
            await TryReplaceAsync(entry, e => e with
            {
                State = ReminderState.Sent, MessageId = messageId, SentAt = now, Platform = address.Platform, ConversationId = address.ConversationId,
            }, cancellationToken);
            report.Sent.Enqueue((item.Id, batch.Recipient.Key, messageId));
        }
    }

    private async Task<Stored<Reminder>?> ClaimAsync(
        ReminderItem item, Stored<Reminder>? retry, string recipientId, string instance, string batchId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            if (retry is not null)
            {
                return await store.ReplaceAsync(retry.Document with
                {
                    State = ReminderState.Sending, Instance = instance, LeaseUntil = now + ReminderPolicy.Lease, BatchId = batchId,
                    ClaimedAt = now, Attempts = retry.Document.Attempts + 1, LastError = null,
                }, retry.ETag, cancellationToken);
            }

            return await store.CreateAsync(new Reminder
            {
                Id = item.Id, Topic = item.Topic, SubjectId = item.SubjectId, Period = item.Period, Stage = item.Stage, RecipientId = recipientId,
                Instance = instance, LeaseUntil = now + ReminderPolicy.Lease, BatchId = batchId, ClaimedAt = now,
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is DocumentExistsException or ConcurrencyConflictException)
        {
            return null;
        }
    }

    private async Task<bool> TryReplaceAsync(Stored<Reminder> entry, Func<Reminder, Reminder> change, CancellationToken cancellationToken)
    {
        try
        {
            await store.ReplaceAsync(change(entry.Document), entry.ETag, cancellationToken);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }
}
