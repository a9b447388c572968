using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Storage.Embedded;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceBot.IntegrationTests.Storage;

/// <summary>The embedded store keeps inbox items in a journal beside the database file; these are its promises on disk.</summary>
public sealed class InboxJournalTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempFolder folder = new();
    private readonly FakeTimeProvider time = new(Start);

    private string DatabasePath => Path.Combine(folder.Path, "bot.db");

    private string JournalFolder => DatabasePath + ".inbox";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    [Fact]
    public async Task Accepted_changed_and_finished_items_are_as_they_were_after_reopening()
    {
        string doneTag;
        using (var store = new SqliteComplianceStore(DatabasePath, time))
        {
            await store.CreateAsync(Item("slack:Ev1"));
            var leased = await store.CreateAsync(Item("slack:Ev2"));
            var done = await store.ReplaceAsync(leased.Document with { State = InboxState.Done, CompletedAt = Start, Payload = "" }, leased.ETag);
            doneTag = done.ETag;
            await store.CreateAsync(Item("slack:Ev3") with { LeaseUntil = Start.AddSeconds(30), Attempts = 1 });
        }

        using var reopened = new SqliteComplianceStore(DatabasePath, time);
        var finished = await reopened.FindAsync<InboxItem>("slack:Ev2");
        Assert.Equal((InboxState.Done, "", doneTag), (finished!.Document.State, finished.Document.Payload, finished.ETag));
        Assert.Equal(3, await reopened.CountAsync<InboxItem>());
        Assert.Equal(["slack:Ev1", "slack:Ev2", "slack:Ev3"], (await reopened.ListAsync<InboxItem>()).Select(i => i.Document.Id));

        // Pending and free now: Ev1. Ev3 is leased until 30 s from now; Ev2 is done.
        Assert.Equal(["slack:Ev1"], (await reopened.ListPendingInboxAsync(Start, 10)).Select(i => i.Document.Id));
        Assert.Equal(["slack:Ev1", "slack:Ev3"], (await reopened.ListPendingInboxAsync(Start.AddMinutes(1), 10)).Select(i => i.Document.Id));

        // The ETag still guards changes after reopening; a redelivery is still recognised.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => reopened.ReplaceAsync(finished.Document, "stale"));
        await Assert.ThrowsAsync<DocumentExistsException>(() => reopened.CreateAsync(Item("slack:Ev2")));
    }

    [Fact]
    public async Task A_record_cut_short_by_a_crash_is_dropped_and_everything_before_it_kept()
    {
        using (var store = new SqliteComplianceStore(DatabasePath, time))
        {
            await store.CreateAsync(Item("teams:a1"));
            await store.CreateAsync(Item("teams:a2"));
        }

        // A third record whose copy was cut off: its header promises more bytes than follow it.
        var segment = Assert.Single(Directory.GetFiles(JournalFolder, "*.journal"));
        var bytes = await File.ReadAllBytesAsync(segment);
        var end = EndOfRecords(bytes);
        new byte[] { 200, 1, 0, 0, 1, 2, 3, 4, (byte)'{', (byte)'"' }.CopyTo(bytes, end);
        await File.WriteAllBytesAsync(segment, bytes);

        using (var reopened = new SqliteComplianceStore(DatabasePath, time))
        {
            Assert.Equal(["teams:a1", "teams:a2"], (await reopened.ListAsync<InboxItem>()).Select(i => i.Document.Id));
            await reopened.CreateAsync(Item("teams:a3"));
        }

        using var again = new SqliteComplianceStore(DatabasePath, time);
        Assert.Equal(3, await again.CountAsync<InboxItem>());
    }

    [Fact]
    public async Task A_damaged_record_fails_its_checksum_and_is_not_trusted()
    {
        using (var store = new SqliteComplianceStore(DatabasePath, time))
        {
            await store.CreateAsync(Item("teams:b1"));
        }

        var segment = Assert.Single(Directory.GetFiles(JournalFolder, "*.journal"));
        var bytes = await File.ReadAllBytesAsync(segment);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var at = text.IndexOf("teams:b1", StringComparison.Ordinal);
        bytes[at + 6] = (byte)'X'; // teams:b1 -> teams:X1, with the checksum of the original
        await File.WriteAllBytesAsync(segment, bytes);

        using var reopened = new SqliteComplianceStore(DatabasePath, time);
        Assert.Equal(0, await reopened.CountAsync<InboxItem>());
    }

    [Fact]
    public async Task A_second_store_on_the_same_file_is_refused_the_inbox_while_the_first_has_it()
    {
        using var first = new SqliteComplianceStore(DatabasePath, time);
        await first.CreateAsync(Item("slack:Ev1"));

        using var second = new SqliteComplianceStore(DatabasePath, time);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => second.FindAsync<InboxItem>("slack:Ev1"));
        Assert.Contains("in use by another ComplianceBot process", refused.Message, StringComparison.Ordinal);

        // Everything else in the database is shared as before.
        await second.CreateAsync(new Counter { Id = "c", Value = 1 });
        Assert.NotNull(await first.FindAsync<Counter>("c"));
    }

    [Fact]
    public async Task Reopening_compacts_to_one_segment_and_forgets_finished_items_after_two_days_but_never_pending_or_failed_ones()
    {
        using (var store = new SqliteComplianceStore(DatabasePath, time))
        {
            for (var i = 0; i < 50; i++)
            {
                var item = await store.CreateAsync(Item($"slack:done-{i:D2}"));
                await store.ReplaceAsync(item.Document with { State = InboxState.Done, CompletedAt = Start, Payload = "" }, item.ETag);
            }

            var failed = await store.CreateAsync(Item("slack:failed"));
            await store.ReplaceAsync(failed.Document with { State = InboxState.Failed, LastError = "HttpRequestException: down" }, failed.ETag);
            await store.CreateAsync(Item("slack:pending"));
        }

        time.Advance(TimeSpan.FromDays(1));
        using (var store = new SqliteComplianceStore(DatabasePath, time))
        {
            Assert.Equal(52, await store.CountAsync<InboxItem>()); // a retry tomorrow is still recognised
        }

        time.Advance(TimeSpan.FromDays(1.5));
        using (var store = new SqliteComplianceStore(DatabasePath, time))
        {
            Assert.Equal(["slack:failed", "slack:pending"], (await store.ListAsync<InboxItem>()).Select(i => i.Document.Id));
            Assert.Equal("HttpRequestException: down", (await store.FindAsync<InboxItem>("slack:failed"))!.Document.LastError);
        }

        Assert.Single(Directory.GetFiles(JournalFolder, "*.journal"));
    }

    [Fact]
    public async Task Inbox_items_an_earlier_version_kept_in_the_database_move_into_the_journal_once()
    {
        using (var store = new SqliteComplianceStore(DatabasePath, time))
        {
            await store.CreateAsync(new Counter { Id = "c", Value = 1 }); // the schema exists
        }

        // What version 1 wrote: the inbox item as a document.
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO documents (kind, id, etag, body) VALUES ('inbox', 'teams:old', 'e1', $body);";
            insert.Parameters.AddWithValue("$body", System.Text.Json.JsonSerializer.Serialize(Item("teams:old"), ComplianceJson.Options));
            await insert.ExecuteNonQueryAsync();
        }

        using (var store = new SqliteComplianceStore(DatabasePath, time))
        {
            Assert.Equal(["teams:old"], (await store.ListPendingInboxAsync(Start, 10)).Select(i => i.Document.Id));
        }

        await using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM documents WHERE kind = 'inbox';";
            Assert.Equal(0L, await count.ExecuteScalarAsync());
        }

        using var again = new SqliteComplianceStore(DatabasePath, time);
        Assert.Equal(1, await again.CountAsync<InboxItem>());
    }

    [Fact]
    public async Task Many_concurrent_accepts_are_each_written_once_and_all_survive()
    {
        using (var store = new SqliteComplianceStore(DatabasePath, time))
        {
            await Parallel.ForAsync(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, cancellationToken) =>
            {
                var item = await store.CreateAsync(Item($"slack:Ev{i:D5}"), cancellationToken);
                if (i % 2 == 0) await store.ReplaceAsync(item.Document with { State = InboxState.Done, CompletedAt = Start, Payload = "" }, item.ETag, cancellationToken);
            });
        }

        using var reopened = new SqliteComplianceStore(DatabasePath, time);
        var items = await reopened.ListAsync<InboxItem>();
        Assert.Equal(2000, items.Count);
        Assert.Equal(1000, items.Count(i => i.Document.State == InboxState.Done));
        Assert.Equal(1000, (await reopened.ListPendingInboxAsync(Start, 5000)).Count);
    }

    [Fact]
    public async Task A_full_segment_is_followed_by_a_new_one_with_everything_still_needed()
    {
        var payload = new string('p', 4000);
        using (var store = new SqliteComplianceStore(DatabasePath, time))
        {
            // About 40 MB of records: more than the first segment holds.
            for (var i = 0; i < 10_000; i++)
            {
                var item = await store.CreateAsync(Item($"slack:Ev{i:D5}") with { Payload = payload });
                if (i % 10 != 0) await store.ReplaceAsync(item.Document with { State = InboxState.Done, CompletedAt = Start, Payload = "" }, item.ETag);
            }

            Assert.Equal(10_000, await store.CountAsync<InboxItem>());
        }

        Assert.Single(Directory.GetFiles(JournalFolder, "*.journal"));
        using var reopened = new SqliteComplianceStore(DatabasePath, time);
        Assert.Equal(10_000, await reopened.CountAsync<InboxItem>());
        var pending = await reopened.ListPendingInboxAsync(Start, 5000);
        Assert.Equal(1000, pending.Count);
        Assert.All(pending, p => Assert.Equal(payload, p.Document.Payload));
    }

    [Fact]
    public async Task An_item_too_large_for_a_record_is_refused_and_the_journal_goes_on()
    {
        using var store = new SqliteComplianceStore(DatabasePath, time);
        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(Item("slack:huge") with { Payload = new string('x', 17 * 1024 * 1024) }));

        await store.CreateAsync(Item("slack:after"));
        Assert.Equal(["slack:after"], (await store.ListAsync<InboxItem>()).Select(i => i.Document.Id));
    }

    /// <summary>Where the records of a segment end (the rest of it is reserved space, zeros).</summary>
    private static int EndOfRecords(byte[] segment)
    {
        var position = 0;
        int length;
        while ((length = BitConverter.ToInt32(segment, position)) > 0) position += 8 + length;
        return position;
    }

    private static InboxItem Item(string id) => new()
    {
        Id = id,
        Platform = id.Split(':')[0],
        Partition = "D0CHAT",
        Payload = """{"kind":"event","body":{"text":"hi"}}""",
        ReceivedAt = Start,
    };
}
