using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Reminders;

/// <summary>Reminder runs over a test world: a dispatcher per instance, all sending through one recording channel.</summary>
public static class ReminderWorld
{
    public static ReminderDispatcher Dispatcher(this TestWorld world, IChatChannel channel)
    {
        var addresses = new ChatAddressBook(world.Store, [channel], world.Time);
        var fanOut = new FanOut(world.Time, new Dictionary<string, PlatformLimits> { [Platforms.Teams] = PlatformLimits.Teams });
        var delivery = new ReminderDelivery(world.Store, addresses, fanOut, world.Time);
        return new ReminderDispatcher(new ReminderPlanner(world.Store, world.Policy, world.ReminderPolicy, world.Criteria), delivery, world.ReminderPolicy, world.Time);
    }

    public static async Task<Person> AddOwnerAsync(this TestWorld world, string name, string timeZone, string? managerId = null)
    {
        var email = name.ToLowerInvariant() + "@example.com";
        var person = new Person
        {
            Id = email, Email = email, DisplayName = name, TimeZone = timeZone, ManagerId = managerId,
            ChatIdentities = [new ChatIdentity(Platforms.Teams, "29:" + name.ToLowerInvariant(), "tenant-1")],
        };
        await world.Store.UpsertAsync(person);
        return person;
    }

    public static async Task AddMonthlyControlAsync(this TestWorld world, string id, string ownerId) =>
        await world.Store.CreateAsync(new Control
        {
            Id = id, Name = $"Control {id}", Objective = "o", AttestationQuestion = "q?", Cadence = Cadence.Monthly, Iso27001 = ["8.15"], OwnerId = ownerId,
            DueSlot = 7, // due 14 days after the month ends
        });

    /// <summary>Moves the controls' due date to 14 days after their period ends (slot 7 of the 21-day window, after 7 days' lead).</summary>
    public static async Task DueFourteenDaysAfterThePeriodAsync(this TestWorld world, params string[] ids)
    {
        foreach (var id in ids) await world.Store.UpdateAsync<Control>(id, c => c with { DueSlot = 7 });
    }

    public static async Task AddRiskAsync(this TestWorld world, string id, string ownerId, DateOnly reviewOn) =>
        await world.Store.CreateAsync(new Risk
        {
            Id = id, Title = "Laptop theft", Category = "Physical", Inherent = new RiskRating(3, 4), OwnerId = ownerId, ReviewOn = reviewOn,
            RaisedBy = ownerId, RaisedAt = world.Time.GetUtcNow(),
        });
}
