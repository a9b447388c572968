using ComplianceBot.Core.People;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.People;

/// <summary>The directory sync over a fake directory: names and managers follow it; leavers' controls go back to "no owner".</summary>
public sealed class DirectorySyncTests
{
    private sealed class FakeDirectory(params DirectoryRead[] reads) : IDirectorySource
    {
        private int next;

        public List<string?> Cursors { get; } = [];

        public string Platform => "teams";

        public bool Configured => true;

        public Task<DirectoryRead> ReadAsync(string? cursor, CancellationToken cancellationToken = default)
        {
            Cursors.Add(cursor);
            return Task.FromResult(reads[Math.Min(next++, reads.Length - 1)]);
        }
    }

    [Fact]
    public async Task Names_and_managers_follow_the_directory_and_a_leavers_controls_go_back_to_no_owner()
    {
        using var world = new TestWorld();
        var olive = await world.AddPersonAsync("olive@example.com", "Olive Owner");
        var dan = await world.AddPersonAsync("dan@example.com", "Dan Delegate");
        await world.Store.UpsertAsync(dan with { Roles = [Core.Conversations.ReminderConversation.ComplianceAdminRole] });
        await world.AddControlAsync("AC-01", olive.Id, dan.Id);
        await world.AddControlAsync("AC-02", dan.Id);
        await world.Store.UpdateAsync<Control>("AC-01", c => c with { ReviewerId = dan.Id });

        var directory = new FakeDirectory(
            new DirectoryRead(
            [
                new DirectoryEntry("id-olive", "Olive@Example.com", "Olive Ostrander", "id-mia", null, null, Active: true),
                new DirectoryEntry("id-mia", "mia@example.com", "Mia Manager", null, null, null, Active: true), // not known: enrols on first contact
                new DirectoryEntry("id-dan", "dan@example.com", "Dan Delegate", null, null, null, Active: false),
            ], "delta-1"),
            new DirectoryRead([], "delta-2"));
        var sync = new DirectorySync([directory], world.Store, world.Audit, world.Policy, world.Time);

        var report = Assert.Single(await sync.SyncAsync());
        Assert.Equal(new DirectorySyncReport("teams", 3, 1, 1, 2), report);
        var renamed = (await world.Store.FindAsync<Person>(olive.Id))!.Document;
        Assert.Equal(("Olive Ostrander", "mia@example.com", "id-olive"), (renamed.DisplayName, renamed.ManagerId, renamed.DirectoryId));
        var left = (await world.Store.FindAsync<Person>(dan.Id))!.Document;
        Assert.Equal((new DateOnly(2026, 11, 20), 0), (left.LeftOn, left.Roles.Count));
        var ac01 = (await world.Store.FindAsync<Control>("AC-01"))!.Document;
        Assert.Equal((olive.Id, (string?)null, (string?)null), (ac01.OwnerId, ac01.DelegateId, ac01.ReviewerId));
        Assert.Null((await world.Store.FindAsync<Control>("AC-02"))!.Document.OwnerId);
        Assert.Null(await world.Store.FindAsync<Person>("mia@example.com"));

        var actions = new List<string>();
        await foreach (var e in world.Store.StreamAuditTrailAsync()) actions.Add($"{e.Action} {e.EntityId}");
        Assert.Equal(["person.synced olive@example.com", "person.left dan@example.com", "control.released AC-01", "control.released AC-02"], actions);

        // The next run continues from the delta link and finds nothing to change.
        Assert.Equal(new DirectorySyncReport("teams", 0, 0, 0, 0), Assert.Single(await sync.SyncAsync()));
        Assert.Equal([null, "delta-1"], directory.Cursors);
    }
}
