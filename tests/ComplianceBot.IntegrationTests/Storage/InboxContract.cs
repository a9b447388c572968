using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.IntegrationTests.Storage;

/// <summary>
/// What every implementation of the inbox seam must do (see <see cref="IInbox"/>). The embedded inbox and the
/// Cosmos inbox (against a Cosmos-compatible server) each run this suite.
/// </summary>
public abstract class InboxContract
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    protected abstract Task<IInbox> CreateInboxAsync();

    protected static InboxItem Item(string id, DateTimeOffset? received = null) =>
        new() { Id = id, Platform = id.Split(':')[0], Partition = "C1", Payload = """{"text":"hi"}""", ReceivedAt = received ?? Now };

    [Fact]
    public async Task An_accepted_item_reads_back_with_its_payload_and_etag()
    {
        var inbox = await CreateInboxAsync();
        var accepted = await inbox.AcceptAsync(Item("slack:Ev1"));
        var found = await inbox.FindAsync("slack:Ev1");
        Assert.NotNull(accepted);
        Assert.Equal((accepted.ETag, """{"text":"hi"}""", InboxState.Pending), (found!.ETag, found.Document.Payload, found.Document.State));
        Assert.Null(await inbox.FindAsync("slack:nothing"));
    }

    [Fact]
    public async Task A_redelivered_id_is_not_accepted_twice_even_after_it_is_done()
    {
        var inbox = await CreateInboxAsync();
        var first = (await inbox.AcceptAsync(Item("teams:a1")))!;
        Assert.Null(await inbox.AcceptAsync(Item("teams:a1")));
        await inbox.CompleteAsync(first, Now);
        Assert.Null(await inbox.AcceptAsync(Item("teams:a1")));
    }

    [Fact]
    public async Task Due_items_skip_live_leases_before_limiting_and_come_oldest_first()
    {
        var inbox = await CreateInboxAsync();
        for (var i = 0; i < 5; i++)
        {
            await inbox.AcceptAsync(Item($"teams:leased-{i}", Now.AddMinutes(-10 + i)) with { LeaseUntil = Now.AddSeconds(30) });
        }

        await inbox.AcceptAsync(Item("teams:expired", Now.AddMinutes(-1)) with { LeaseUntil = Now.AddSeconds(-1) });
        await inbox.AcceptAsync(Item("teams:free", Now));
        var done = (await inbox.AcceptAsync(Item("teams:done", Now.AddMinutes(-20))))!;
        await inbox.CompleteAsync(done, Now);

        var due = await inbox.ListDueAsync(Now, 2);
        Assert.Equal(["teams:expired", "teams:free"], due.Select(p => p.Document.Id));
    }

    [Fact]
    public async Task A_lease_goes_to_one_worker_only_and_counts_the_attempt()
    {
        var inbox = await CreateInboxAsync();
        var accepted = (await inbox.AcceptAsync(Item("slack:Ev2")))!;
        var leased = await inbox.LeaseAsync(accepted, Now.AddSeconds(30), newAttempt: true);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => inbox.LeaseAsync(accepted, Now.AddSeconds(30), newAttempt: true));
        Assert.Equal((1, Now.AddSeconds(30)), (leased.Document.Attempts, leased.Document.LeaseUntil));
        Assert.Empty(await inbox.ListDueAsync(Now, 10));

        var renewed = await inbox.LeaseAsync(leased, Now.AddSeconds(60), newAttempt: false);
        Assert.Equal(1, renewed.Document.Attempts);
        Assert.Equal(["slack:Ev2"], (await inbox.ListDueAsync(Now.AddSeconds(61), 10)).Select(i => i.Document.Id));
    }

    [Fact]
    public async Task Completing_drops_the_payload_and_a_stale_copy_cannot_complete()
    {
        var inbox = await CreateInboxAsync();
        var accepted = (await inbox.AcceptAsync(Item("slack:Ev3")))!;
        var leased = await inbox.LeaseAsync(accepted, Now.AddSeconds(30), newAttempt: true);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => inbox.CompleteAsync(accepted, Now));
        await inbox.CompleteAsync(leased, Now.AddSeconds(1));

        var done = (await inbox.FindAsync("slack:Ev3"))!.Document;
        Assert.Equal((InboxState.Done, "", Now.AddSeconds(1), (DateTimeOffset?)null), (done.State, done.Payload, done.CompletedAt, done.LeaseUntil));
        Assert.Equal(["slack:Ev3"], (await inbox.ListAsync(InboxState.Done, 10)).Select(i => i.Document.Id));
        Assert.Empty(await inbox.ListAsync(InboxState.Pending, 10));
    }

    [Fact]
    public async Task A_failed_attempt_waits_its_delay_and_a_parked_item_is_listed_with_its_error()
    {
        var inbox = await CreateInboxAsync();
        var retried = await inbox.FailAsync((await inbox.AcceptAsync(Item("teams:retry")))!, "HttpRequestException: down", Now.AddSeconds(5));
        var parked = await inbox.FailAsync((await inbox.AcceptAsync(Item("teams:parked", Now.AddMinutes(-1))))!, "InvalidOperationException: bad", null);

        Assert.Equal(InboxState.Pending, retried.Document.State);
        Assert.Empty(await inbox.ListDueAsync(Now, 10));
        Assert.Equal(["teams:retry"], (await inbox.ListDueAsync(Now.AddSeconds(5), 10)).Select(i => i.Document.Id));

        var failed = Assert.Single(await inbox.ListAsync(InboxState.Failed, 10));
        Assert.Equal(("teams:parked", "InvalidOperationException: bad"), (failed.Document.Id, failed.Document.LastError));
        Assert.Equal(parked.ETag, failed.ETag);

        var status = await inbox.GetStatusAsync();
        Assert.True(status.Ready, status.Problem);
        Assert.Equal((1, 1, Now), (status.Pending, status.Failed, status.OldestPending));
    }

    [Fact]
    public async Task Ids_with_any_characters_round_trip()
    {
        var inbox = await CreateInboxAsync();
        const string id = "slack:action:U1/x?#%~:1700000000.1234";
        await inbox.AcceptAsync(Item(id));
        Assert.Equal(id, (await inbox.FindAsync(id))!.Document.Id);
        Assert.Equal([id], (await inbox.ListDueAsync(Now, 10)).Select(i => i.Document.Id));
    }

    [Fact]
    public async Task Import_copies_items_as_they_are_and_leaves_known_ids_alone()
    {
        var inbox = await CreateInboxAsync();
        await inbox.AcceptAsync(Item("teams:known") with { Payload = "{\"kept\":true}" });
        var added = await inbox.ImportAsync(
        [
            Item("teams:known"),
            Item("teams:failed") with { State = InboxState.Failed, Attempts = 5, LastError = "x" },
            Item("teams:pending") with { Attempts = 2 },
        ]);

        Assert.Equal(2, added);
        Assert.Equal("{\"kept\":true}", (await inbox.FindAsync("teams:known"))!.Document.Payload);
        Assert.Equal((InboxState.Failed, 5), ((await inbox.FindAsync("teams:failed"))!.Document.State, (await inbox.FindAsync("teams:failed"))!.Document.Attempts));
    }
}
