using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Records;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Audit;

public class AuditTrailTests
{
    [Fact]
    public async Task Events_chain_by_hash_from_genesis()
    {
        using var world = new TestWorld();
        var first = await world.Audit.RecordAsync("olive@example.com", "risk.raised", "risk", "RISK-0001", "score=16");
        var second = await world.Audit.RecordAsync("olive@example.com", "risk.raised", "risk", "RISK-0002", "score=4");

        Assert.Equal((1L, AuditTrail.Genesis), (first.Sequence, first.PreviousHash));
        Assert.Equal((2L, first.Hash), (second.Sequence, second.PreviousHash));
        Assert.Equal(new AuditVerification(true, 2, null, null), await world.Audit.VerifyAsync());
    }

    [Fact]
    public async Task Concurrent_writers_get_consecutive_sequence_numbers()
    {
        using var world = new TestWorld();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => world.Audit.RecordAsync("system", "test.event", "test", $"T{i}"))));

        var trail = await world.Store.ListAsync<AuditEvent>();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), trail.Select(e => e.Document.Sequence));
        Assert.True((await world.Audit.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task An_altered_event_breaks_the_chain_at_that_event()
    {
        using var world = new TestWorld();
        for (var i = 1; i <= 5; i++)
        {
            await world.Audit.RecordAsync("olive@example.com", "evidence.filed", "evidence", $"EV-{i}");
        }

        var third = (await world.Store.FindAsync<AuditEvent>(AuditEvent.IdFor(3)))!;
        await world.Store.ReplaceAsync(third.Document with { Actor = "mallory@example.com" }, third.ETag);

        var result = await world.Audit.VerifyAsync();
        Assert.False(result.Intact);
        Assert.Equal((2L, 3L), (result.EventsVerified, result.FirstBrokenSequence));
        Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
    }
}
