using System.Collections.Concurrent;
using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.IntegrationTests.StandIns;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ComplianceBot.IntegrationTests.Storage;

/// <summary>Many people answering for one control at once, against the Cosmos DB-compatible server.</summary>
[Collection(AzureStandIns.Name)]
public sealed class CosmosConcurrencyTests(CosmosServer server, ITestOutputHelper output)
{
    private const int Writers = 50;

    private static Control Control => new()
    {
        Id = "AC-01", Name = "Access reviews", Objective = "o", AttestationQuestion = "Were access rights reviewed?",
        OwnerId = "olive@example.com", DelegateId = "dan@example.com",
    };

    [Fact]
    public async Task Fifty_concurrent_attestations_on_one_control_lose_no_update()
    {
        var store = new WriteLog(await server.NewStoreAsync());
        await store.CreateAsync(Control);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        var audit = new AuditTrail(store, time);
        var book = new AttestationBook(store, audit, CompliancePolicy.Default, time);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            try
            {
                await book.AnswerAsync(new AttestationAnswer(
                    "AC-01", i % 2 == 0 ? "olive@example.com" : "dan@example.com", AttestationResult.Operating, $"answer {i}", []));
                return "saved";
            }
            catch (ConcurrencyConflictException)
            {
                return "reported";
            }
            catch (DocumentExistsException)
            {
                return "reported";
            }
        })));

        // Every answer was either saved or reported back; each conflict on the way was retried.
        var saved = outcomes.Count(o => o == "saved");
        Assert.Equal(Writers, saved + outcomes.Count(o => o == "reported"));
        Assert.True(store.Conflicts > 0, "50 writers on one document should have collided at least once.");

        // Each save replaced the version it had read (its ETag), so the writes form one unbroken chain from the
        // create to what is stored now: no answer overwrote another unseen.
        // (An answer reported after its attestation was saved, because its audit event never got a sequence
        // number, would still be in the chain; so the chain is at least as long as the answers saved.)
        var writes = store.Writes.ToDictionary(w => w.IfMatch ?? "create");
        Assert.True(writes.Count >= saved);
        var chain = new List<string?>();
        for (var at = "create"; writes.TryGetValue(at, out var next); at = next.ETag) chain.Add(next.Comment);
        Assert.Equal(writes.Count, chain.Count);
        var stored = (await store.FindAsync<Attestation>(Attestation.IdFor("AC-01", "2026-Q3")))!;
        Assert.Equal(chain[^1], stored.Document.Comment);
        output.WriteLine($"{saved} answers saved, {Writers - saved} reported, {store.Conflicts} conflicts retried on the way.");

        // One audit event per saved answer, and the hash chain is intact.
        var answered = new List<AuditEvent>();
        await foreach (var e in store.StreamAuditTrailAsync()) if (e.Action == "attestation.answered") answered.Add(e);
        Assert.Equal(saved, answered.Count);
        Assert.True((await audit.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Fifty_concurrent_read_modify_writes_on_one_attestation_keep_every_change()
    {
        var store = await server.NewStoreAsync();
        var id = Attestation.IdFor("AC-01", "2026-Q4");
        await store.CreateAsync(new Attestation
        {
            Id = id, ControlId = "AC-01", Period = "2026-Q4", DueOn = new DateOnly(2026, 10, 14), RequestedAt = DateTimeOffset.UnixEpoch,
        });

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(() =>
            store.UpdateAsync<Attestation>(id, a => a with { EvidenceIds = [.. a.EvidenceIds, $"EV-{i:D2}"] }))));

        var evidence = (await store.FindAsync<Attestation>(id))!.Document.EvidenceIds;
        Assert.Equal(Enumerable.Range(0, Writers).Select(i => $"EV-{i:D2}"), evidence.Order(StringComparer.Ordinal));
    }

    /// <summary>Passes everything to the store, noting each successful attestation write in store order and every conflict.</summary>
    private sealed class WriteLog(IComplianceStore inner) : IComplianceStore
    {
        private readonly ConcurrentQueue<(string? IfMatch, string ETag, string? Comment)> writes = new();
        private int conflicts;

        /// <summary>Successful attestation writes: the ETag each replaced (none for the create) and the one it made.</summary>
        public IReadOnlyList<(string? IfMatch, string ETag, string? Comment)> Writes => [.. writes];

        public int Conflicts => conflicts;

        public Task<Stored<T>?> FindAsync<T>(string id, CancellationToken cancellationToken = default)
            where T : class, IDocument => inner.FindAsync<T>(id, cancellationToken);

        public Task<Stored<T>> CreateAsync<T>(T document, CancellationToken cancellationToken = default)
            where T : class, IDocument => Noted(document, null, () => inner.CreateAsync(document, cancellationToken));

        public Task<Stored<T>> ReplaceAsync<T>(T document, string ifMatch, CancellationToken cancellationToken = default)
            where T : class, IDocument => Noted(document, ifMatch, () => inner.ReplaceAsync(document, ifMatch, cancellationToken));

        public Task<Stored<T>> UpsertAsync<T>(T document, CancellationToken cancellationToken = default)
            where T : class, IDocument => throw new InvalidOperationException("Answers never upsert.");

        public Task<int> ImportAsync<T>(IEnumerable<T> documents, CancellationToken cancellationToken = default)
            where T : class, IDocument => inner.ImportAsync(documents, cancellationToken);

        public Task<IReadOnlyList<Stored<T>>> ListAsync<T>(CancellationToken cancellationToken = default)
            where T : class, IDocument => inner.ListAsync<T>(cancellationToken);

        public Task<int> CountAsync<T>(CancellationToken cancellationToken = default)
            where T : class, IDocument => inner.CountAsync<T>(cancellationToken);

        public Task<IReadOnlyList<Attestation>> ListAttestationsAsync(IReadOnlyCollection<string> periods, CancellationToken cancellationToken = default) =>
            inner.ListAttestationsAsync(periods, cancellationToken);

        public Task<IReadOnlyList<Attestation>> ListAttestationsForControlAsync(string controlId, CancellationToken cancellationToken = default) =>
            inner.ListAttestationsForControlAsync(controlId, cancellationToken);

        public Task<IReadOnlyList<EvidenceFreshness>> ListEvidenceFreshnessAsync(DateOnly asOf, CancellationToken cancellationToken = default) =>
            inner.ListEvidenceFreshnessAsync(asOf, cancellationToken);

        public Task<IReadOnlyList<Evidence>> ListEvidenceAwaitingReviewAsync(CancellationToken cancellationToken = default) =>
            inner.ListEvidenceAwaitingReviewAsync(cancellationToken);

        public Task<IReadOnlyList<Evidence>> ListEvidenceForControlAsync(string controlId, CancellationToken cancellationToken = default) =>
            inner.ListEvidenceForControlAsync(controlId, cancellationToken);

        public IAsyncEnumerable<Evidence> StreamEvidenceAsync(CancellationToken cancellationToken = default) => inner.StreamEvidenceAsync(cancellationToken);

        public Task<AuditEvent?> FindLastAuditEventAsync(CancellationToken cancellationToken = default) => inner.FindLastAuditEventAsync(cancellationToken);

        public IAsyncEnumerable<AuditEvent> StreamAuditTrailAsync(CancellationToken cancellationToken = default) => inner.StreamAuditTrailAsync(cancellationToken);

        private async Task<Stored<T>> Noted<T>(T document, string? ifMatch, Func<Task<Stored<T>>> write)
            where T : class, IDocument
        {
            try
            {
                var stored = await write();
                if (document is Attestation attestation) writes.Enqueue((ifMatch, stored.ETag, attestation.Comment));
                return stored;
            }
            catch (Exception e) when (e is ConcurrencyConflictException or DocumentExistsException)
            {
                Interlocked.Increment(ref conflicts);
                throw;
            }
        }
    }
}
