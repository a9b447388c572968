using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Reminders;

public sealed class ReminderBatchTests
{
    [Fact]
    public async Task A_batch_another_run_has_begun_to_claim_is_left_to_that_run_whole()
    {
        using var world = new TestWorld();
        var olive = await world.AddOwnerAsync("Olive", "Europe/Amsterdam");
        await world.Store.UpsertAsync(new ConversationReference
        {
            Id = ConversationReference.IdFor(Platforms.Teams, olive.Id), PersonId = olive.Id, UpdatedAt = world.Time.GetUtcNow(),
            Address = new ConversationAddress(Platforms.Teams, "a:dm-olive", "https://smba.example/amer/", "tenant-1", "28:bot", "29:olive"),
        });
        var items = Enumerable.Range(1, 10).Select(i => new ReminderItem(ReminderTopics.Attestation, $"C-{i:D2}", "2027-Q1", "due-7", olive.Id,
            new PersonRecipient(olive), $"Attest C-{i:D2}", "Period 2027-Q1", new DateOnly(2027, 1, 14), $"C-{i:D2}", true)).ToList();

        // Another run has claimed the first four of Olive's ten and is about to claim the rest, in order.
        foreach (var item in items.Take(4))
        {
            await world.Store.CreateAsync(new Reminder
            {
                Id = item.Id, Topic = item.Topic, SubjectId = item.SubjectId, Period = item.Period, Stage = item.Stage, RecipientId = olive.Id,
                Instance = "other", LeaseUntil = world.Time.GetUtcNow() + ReminderPolicy.Lease, BatchId = "other-batch", ClaimedAt = world.Time.GetUtcNow(),
            });
        }

        var channel = new RecordingChannel(world.Time);
        var delivery = new ReminderDelivery(world.Store, new ChatAddressBook(world.Store, [channel], world.Time),
            new FanOut(world.Time, new Dictionary<string, PlatformLimits> { [Platforms.Teams] = PlatformLimits.Teams }), world.Time);
        var report = new DeliveryReport();
        await delivery.DeliverAsync([new DeliveryBatch(new PersonRecipient(olive), items, ReminderCard.Compose)], "this", report);

        Assert.Empty(channel.Sent);
        Assert.Equal(10, report.Busy.Count);
        Assert.Equal(4, await world.Store.CountAsync<Reminder>());
    }
}
