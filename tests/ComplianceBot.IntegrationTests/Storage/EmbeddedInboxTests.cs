using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Storage.Embedded;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceBot.IntegrationTests.Storage;

/// <summary>The inbox contract on the embedded inbox, and its promises on disk: a journal in a folder of its own.</summary>
public sealed class EmbeddedInboxTests : InboxContract, IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempFolder folder = new();
    private readonly FakeTimeProvider time = new(Start);
    private readonly List<EmbeddedInbox> opened = [];

    private string JournalFolder => Path.Combine(folder.Path, "bot.db.inbox");

    protected override Task<IInbox> CreateInboxAsync() =>
        Task.FromResult<IInbox>(Track(new EmbeddedInbox(Path.Combine(folder.Path, Guid.NewGuid().ToString("N")), time)));

    private EmbeddedInbox Open() => Track(new EmbeddedInbox(JournalFolder, time));

    private EmbeddedInbox Track(EmbeddedInbox inbox)
    {
        opened.Add(inbox);
        return inbox;
    }

    public void Dispose()
    {
        foreach (var inbox in opened) inbox.Dispose();
        folder.Dispose();
    }

    [Fact]
    public async Task Accepted_changed_and_finished_items_are_as_they_were_after_reopening()
    {
        string doneTag;
        using (var store = Open())
        {
            await AcceptAsync(store, Item("slack:Ev1"));
            var leased = await AcceptAsync(store, Item("slack:Ev2"));
            var done = await store.CompleteAsync(leased, Start);
            doneTag = done.ETag;
            await AcceptAsync(store, Item("slack:Ev3") with { LeaseUntil = Start.AddSeconds(30), Attempts = 1 });
        }

        using var reopened = Open();
        var finished = await reopened.FindAsync("slack:Ev2");
        Assert.Equal((InboxState.Done, "", doneTag), (finished!.Document.State, finished.Document.Payload, finished.ETag));
        Assert.Equal(3, (await reopened.AllAsync()).Count);
        Assert.Equal(["slack:Ev1", "slack:Ev2", "slack:Ev3"], (await reopened.AllAsync()).Select(i => i.Document.Id));

        // Pending and free now: Ev1. Ev3 is leased until 30 s from now; Ev2 is done.
        Assert.Equal(["slack:Ev1"], (await reopened.ListDueAsync(Start, 10)).Select(i => i.Document.Id));
        Assert.Equal(["slack:Ev1", "slack:Ev3"], (await reopened.ListDueAsync(Start.AddMinutes(1), 10)).Select(i => i.Document.Id));

        // The ETag still guards changes after reopening; a redelivery is still recognised.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => reopened.CompleteAsync(finished with { ETag = "stale" }, Start));
        Assert.Null(await reopened.AcceptAsync(Item("slack:Ev2")));
    }

    [Fact]
    public async Task A_record_cut_short_by_a_crash_is_dropped_and_everything_before_it_kept()
    {
        using (var store = Open())
        {
            await AcceptAsync(store, Item("teams:a1"));
            await AcceptAsync(store, Item("teams:a2"));
        }

        // A third record whose copy was cut off: its header promises more bytes than follow it.
        var segment = Assert.Single(Directory.GetFiles(JournalFolder, "*.journal"));
        await File.AppendAllBytesAsync(segment, [200, 1, 0, 0, 1, 2, 3, 4, (byte)'{', (byte)'"']);

        using (var reopened = Open())
        {
            Assert.Equal(["teams:a1", "teams:a2"], (await reopened.AllAsync()).Select(i => i.Document.Id));
            await AcceptAsync(reopened, Item("teams:a3"));
        }

        using var again = Open();
        Assert.Equal(3, (await again.AllAsync()).Count);
    }

    [Fact]
    public async Task A_damaged_record_fails_its_checksum_and_is_not_trusted()
    {
        using (var store = Open())
        {
            await AcceptAsync(store, Item("teams:b1"));
        }

        var segment = Assert.Single(Directory.GetFiles(JournalFolder, "*.journal"));
        var bytes = await File.ReadAllBytesAsync(segment);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var at = text.IndexOf("teams:b1", StringComparison.Ordinal);
        bytes[at + 6] = (byte)'X'; // teams:b1 -> teams:X1, with the checksum of the original
        await File.WriteAllBytesAsync(segment, bytes);

        using var reopened = Open();
        Assert.Empty(await reopened.AllAsync());
    }

    [Fact]
    public async Task A_second_inbox_on_the_same_folder_is_refused_while_the_first_has_it()
    {
        using var first = Open();
        await AcceptAsync(first, Item("slack:Ev1"));

        using var second = Open();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => second.FindAsync("slack:Ev1"));
        Assert.Contains("in use by another ComplianceBot process", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(await first.FindAsync("slack:Ev1"));
    }

    [Fact]
    public async Task Reopening_compacts_to_one_segment_and_forgets_finished_items_after_two_days_but_never_pending_or_failed_ones()
    {
        using (var store = Open())
        {
            for (var i = 0; i < 50; i++)
            {
                var item = await AcceptAsync(store, Item($"slack:done-{i:D2}"));
                await store.CompleteAsync(item, Start);
            }

            var failed = await AcceptAsync(store, Item("slack:failed"));
            await store.FailAsync(failed, "HttpRequestException: down", null);
            await AcceptAsync(store, Item("slack:pending"));
        }

        time.Advance(TimeSpan.FromDays(1));
        using (var store = Open())
        {
            Assert.Equal(52, (await store.AllAsync()).Count); // a retry tomorrow is still recognised
        }

        time.Advance(TimeSpan.FromDays(1.5));
        using (var store = Open())
        {
            Assert.Equal(["slack:failed", "slack:pending"], (await store.AllAsync()).Select(i => i.Document.Id));
            Assert.Equal("HttpRequestException: down", (await store.FindAsync("slack:failed"))!.Document.LastError);
        }

        Assert.Single(Directory.GetFiles(JournalFolder, "*.journal"));
    }

    [Fact]
    public async Task Many_concurrent_accepts_are_each_written_once_and_all_survive()
    {
        using (var store = Open())
        {
            await Parallel.ForAsync(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, cancellationToken) =>
            {
                var item = await AcceptAsync(store, Item($"slack:Ev{i:D5}"));
                if (i % 2 == 0) await store.CompleteAsync(item, Start, cancellationToken);
            });
        }

        using var reopened = Open();
        var items = await reopened.AllAsync();
        Assert.Equal(2000, items.Count);
        Assert.Equal(1000, items.Count(i => i.Document.State == InboxState.Done));
        Assert.Equal(1000, (await reopened.ListDueAsync(Start, 5000)).Count);
    }

    [Fact]
    public async Task A_full_segment_is_followed_by_a_new_one_with_everything_still_needed()
    {
        var payload = new string('p', 4000);
        using (var store = Open())
        {
            // About 40 MB of records: more than the first segment holds.
            for (var i = 0; i < 10_000; i++)
            {
                var item = await AcceptAsync(store, Item($"slack:Ev{i:D5}") with { Payload = payload });
                if (i % 10 != 0) await store.CompleteAsync(item, Start);
            }

            Assert.Equal(10_000, (await store.AllAsync()).Count);
        }

        Assert.Single(Directory.GetFiles(JournalFolder, "*.journal"));
        using var reopened = Open();
        Assert.Equal(10_000, (await reopened.AllAsync()).Count);
        var pending = await reopened.ListDueAsync(Start, 5000);
        Assert.Equal(1000, pending.Count);
        Assert.All(pending, p => Assert.Equal(payload, p.Document.Payload));
    }

    [Fact]
    public async Task An_item_too_large_for_a_record_is_refused_and_the_journal_goes_on()
    {
        using var store = Open();
        await Assert.ThrowsAsync<ArgumentException>(() => AcceptAsync(store, Item("slack:huge") with { Payload = new string('x', 17 * 1024 * 1024) }));

        await AcceptAsync(store, Item("slack:after"));
        Assert.Equal(["slack:after"], (await store.AllAsync()).Select(i => i.Document.Id));
    }

    private static async Task<Stored<InboxItem>> AcceptAsync(EmbeddedInbox inbox, InboxItem item) =>
        await inbox.AcceptAsync(item) ?? throw new InvalidOperationException($"{item.Id} was there already.");


    private static InboxItem Item(string id) => new()
    {
        Id = id,
        Platform = id.Split(':')[0],
        Partition = "D0CHAT",
        Payload = """{"kind":"event","body":{"text":"hi"}}""",
        ReceivedAt = Start,
    };
}
