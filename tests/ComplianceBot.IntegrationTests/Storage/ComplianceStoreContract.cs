using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.IntegrationTests.Storage;

/// <summary>
/// What every implementation of the store seam must do. A store's test class derives from this and says how
/// to make an empty store; the Cosmos store runs the same suite against a Cosmos-compatible server.
/// </summary>
public abstract class ComplianceStoreContract
{
    protected abstract Task<IComplianceStore> CreateStoreAsync();

    private static Control Control(string id) => new()
    {
        Id = id, Name = $"Control {id}", Objective = "o", AttestationQuestion = "q?", Iso27001 = ["5.1"], Soc2 = ["CC1.1"],
    };

    private static Evidence Evidence(string id, string[] controls, DateOnly effective, DateOnly? expires = null) => new()
    {
        Id = id, ControlIds = controls, FileName = $"{id}.pdf", SizeBytes = 10, ContentType = "application/pdf",
        Sha256 = new string('a', 64), StorageKey = "sha256/aa/" + new string('a', 64), EffectiveOn = effective, ExpiresOn = expires,
        UploadedAt = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), UploadedBy = "olive@example.com",
    };

    private static Attestation Attestation(string control, string period, AttestationStatus status = AttestationStatus.Answered) => new()
    {
        Id = Core.Records.Attestation.IdFor(control, period), ControlId = control, Period = period, DueOn = new DateOnly(2026, 10, 14),
        Status = status, Result = status == AttestationStatus.Answered ? AttestationResult.Operating : null,
        RequestedAt = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task Created_document_reads_back_with_its_etag()
    {
        var store = await CreateStoreAsync();
        var created = await store.CreateAsync(Control("AC-01"));
        var found = await store.FindAsync<Control>("AC-01");
        Assert.NotNull(found);
        Assert.Equal(created.ETag, found.ETag);
        Assert.Equal(created.Document.Name, found.Document.Name);
        Assert.Equal(["5.1"], found.Document.Iso27001);
        Assert.Null(await store.FindAsync<Control>("AC-99"));
        Assert.Null(await store.FindAsync<Risk>("AC-01"));
    }

    [Fact]
    public async Task Creating_an_existing_id_is_refused()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(Control("AC-01"));
        await Assert.ThrowsAsync<DocumentExistsException>(() => store.CreateAsync(Control("AC-01") with { Name = "other" }));
        Assert.Equal("Control AC-01", (await store.FindAsync<Control>("AC-01"))!.Document.Name);
    }

    [Fact]
    public async Task Two_writers_with_the_same_etag_one_wins_the_other_gets_a_conflict()
    {
        var store = await CreateStoreAsync();
        var original = await store.CreateAsync(Control("AC-01"));

        var first = await store.ReplaceAsync(original.Document with { OwnerId = "olive@example.com" }, original.ETag);
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            store.ReplaceAsync(original.Document with { OwnerId = "mallory@example.com" }, original.ETag));

        Assert.NotEqual(original.ETag, first.ETag);
        Assert.Equal("AC-01", conflict.DocumentId);
        var stored = (await store.FindAsync<Control>("AC-01"))!;
        Assert.Equal("olive@example.com", stored.Document.OwnerId);
        Assert.Equal(first.ETag, stored.ETag);
    }

    [Fact]
    public async Task Racing_writers_with_one_etag_exactly_one_wins()
    {
        var store = await CreateStoreAsync();
        var original = await store.CreateAsync(Control("AC-01"));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.ReplaceAsync(original.Document with { OwnerId = $"writer{i}@example.com" }, original.ETag);
                return $"writer{i}@example.com";
            }
            catch (ConcurrencyConflictException)
            {
                return null;
            }
        })));

        var winner = Assert.Single(outcomes, o => o is not null);
        Assert.Equal(winner, (await store.FindAsync<Control>("AC-01"))!.Document.OwnerId);
    }

    [Fact]
    public async Task Replacing_a_missing_document_says_so()
    {
        var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => store.ReplaceAsync(Control("AC-01"), "no-such-etag"));
    }

    [Fact]
    public async Task Concurrent_read_modify_write_loses_no_update()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(new Counter { Id = "hits", Value = 0 });

        await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => Task.Run(() =>
            store.UpdateAsync<Counter>("hits", c => c with { Value = c.Value + 1 }))));

        Assert.Equal(25, (await store.FindAsync<Counter>("hits"))!.Document.Value);
    }

    [Fact]
    public async Task Import_creates_what_is_missing_and_can_be_run_again()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(Control("AC-02") with { Name = "Kept" });
        Evidence[] evidence = [Evidence("EV-1", ["AC-01"], new DateOnly(2026, 11, 1)), Evidence("EV-2", ["AC-02"], new DateOnly(2026, 11, 2))];

        Assert.Equal(2, await store.ImportAsync([Control("AC-01"), Control("AC-02"), Control("AC-03")]));
        Assert.Equal(2, await store.ImportAsync(evidence));
        Assert.Equal(0, await store.ImportAsync(evidence));

        Assert.Equal("Kept", (await store.FindAsync<Control>("AC-02"))!.Document.Name);
        Assert.Equal(3, await store.CountAsync<Control>());
        Assert.Equal(["AC-01", "AC-02"], (await store.ListEvidenceFreshnessAsync(new DateOnly(2026, 11, 20))).Select(f => f.ControlId).Order());
    }

    [Fact]
    public async Task Upsert_creates_then_overwrites()
    {
        var store = await CreateStoreAsync();
        var first = await store.UpsertAsync(Control("AC-01"));
        var second = await store.UpsertAsync(Control("AC-01") with { Name = "Renamed" });
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal("Renamed", (await store.FindAsync<Control>("AC-01"))!.Document.Name);
    }

    [Fact]
    public async Task List_and_count_are_per_kind_and_ordered_by_id()
    {
        var store = await CreateStoreAsync();
        foreach (var id in new[] { "OPS-02", "AC-01", "HR-03" }) await store.CreateAsync(Control(id));
        await store.CreateAsync(new Counter { Id = "AC-00", Value = 1 });
        Assert.Equal(["AC-01", "HR-03", "OPS-02"], (await store.ListAsync<Control>()).Select(c => c.Document.Id));
        Assert.Equal(3, await store.CountAsync<Control>());
        Assert.Equal(1, await store.CountAsync<Counter>());
    }

    [Fact]
    public async Task Attestations_are_found_by_period_and_by_control()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(Attestation("AC-01", "2026-Q4"));
        await store.CreateAsync(Attestation("AC-01", "2026-Q3"));
        await store.CreateAsync(Attestation("AC-02", "2026-11", AttestationStatus.Requested));
        await store.CreateAsync(Attestation("AC-03", "2025"));

        var current = await store.ListAttestationsAsync(["2026-Q4", "2026-11", "2026"]);
        Assert.Equal(["AC-01:2026-Q4", "AC-02:2026-11"], current.Select(a => a.Id).Order());
        Assert.Equal(["AC-01:2026-Q3", "AC-01:2026-Q4"], (await store.ListAttestationsForControlAsync("AC-01")).Select(a => a.Id));
        Assert.Empty(await store.ListAttestationsAsync([]));
    }

    [Fact]
    public async Task Evidence_freshness_takes_the_newest_current_item_per_control()
    {
        var store = await CreateStoreAsync();
        var day = new DateOnly(2026, 11, 20);
        await store.CreateAsync(Evidence("EV-1", ["AC-01"], new DateOnly(2026, 9, 1)));
        await store.CreateAsync(Evidence("EV-2", ["AC-01", "AC-02"], new DateOnly(2026, 10, 15)));
        await store.CreateAsync(Evidence("EV-3", ["AC-01"], new DateOnly(2026, 11, 10), expires: new DateOnly(2026, 11, 19))); // expired
        await store.CreateAsync(Evidence("EV-4", ["AC-02"], new DateOnly(2026, 12, 1)));                                     // not yet effective
        await store.CreateAsync(Evidence("EV-5", ["AC-03"], new DateOnly(2026, 1, 1), expires: new DateOnly(2026, 11, 20)));  // last day

        var freshness = (await store.ListEvidenceFreshnessAsync(day)).ToDictionary(f => f.ControlId);

        Assert.Equal(new EvidenceFreshness("AC-01", new DateOnly(2026, 10, 15), 2), freshness["AC-01"]);
        Assert.Equal(new EvidenceFreshness("AC-02", new DateOnly(2026, 10, 15), 1), freshness["AC-02"]);
        Assert.Equal(new EvidenceFreshness("AC-03", new DateOnly(2026, 1, 1), 1), freshness["AC-03"]);
        Assert.Equal(["EV-3", "EV-2", "EV-1"], (await store.ListEvidenceForControlAsync("AC-01")).Select(e => e.Id));
    }

    [Fact]
    public async Task EvidenceReview_only_approved_evidence_counts_and_what_awaits_review_is_listed()
    {
        var store = await CreateStoreAsync();
        var day = new DateOnly(2026, 11, 20);
        await store.CreateAsync(Evidence("EV-1", ["AC-01"], new DateOnly(2026, 9, 1)));
        await store.CreateAsync(Evidence("EV-2", ["AC-01"], new DateOnly(2026, 10, 1)) with { Review = EvidenceReview.Submitted });
        await store.CreateAsync(Evidence("EV-3", ["AC-02"], new DateOnly(2026, 10, 1)) with { Review = EvidenceReview.Rejected, ReviewNote = "wrong quarter" });
        await store.CreateAsync(Evidence("EV-4", ["AC-02"], new DateOnly(2026, 10, 2)) with
        {
            Review = EvidenceReview.AwaitingOwner, UploadedAt = new DateTimeOffset(2026, 10, 31, 0, 0, 0, TimeSpan.Zero),
        });

        var freshness = (await store.ListEvidenceFreshnessAsync(day)).ToDictionary(f => f.ControlId);
        Assert.Equal(new EvidenceFreshness("AC-01", new DateOnly(2026, 9, 1), 1), freshness["AC-01"]);
        Assert.False(freshness.ContainsKey("AC-02"));
        Assert.Equal(["EV-4", "EV-2"], (await store.ListEvidenceAwaitingReviewAsync()).Select(e => e.Id));

        var submitted = (await store.FindAsync<Evidence>("EV-2"))!;
        await store.ReplaceAsync(submitted.Document with { Review = EvidenceReview.Approved, ReviewedBy = "ada@example.com" }, submitted.ETag);
        Assert.Equal(new EvidenceFreshness("AC-01", new DateOnly(2026, 10, 1), 2), (await store.ListEvidenceFreshnessAsync(day)).Single(f => f.ControlId == "AC-01"));
        Assert.Equal(["EV-4"], (await store.ListEvidenceAwaitingReviewAsync()).Select(e => e.Id));
    }

    [Fact]
    public async Task Evidence_streams_in_id_order()
    {
        var store = await CreateStoreAsync();
        foreach (var id in new[] { "EV-3", "EV-1", "EV-2" }) await store.CreateAsync(Evidence(id, ["AC-01"], new DateOnly(2026, 1, 1)));
        var ids = new List<string>();
        await foreach (var e in store.StreamEvidenceAsync()) ids.Add(e.Id);
        Assert.Equal(["EV-1", "EV-2", "EV-3"], ids);
    }

    [Fact]
    public async Task Audit_trail_reads_in_sequence_and_knows_its_last_event()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.FindLastAuditEventAsync());
        foreach (var sequence in new long[] { 2, 10, 1 })
        {
            await store.CreateAsync(new AuditEvent
            {
                Id = AuditEvent.IdFor(sequence), Sequence = sequence, At = DateTimeOffset.UnixEpoch, Actor = "a", Action = "x",
                EntityKind = "k", EntityId = "e", PreviousHash = "p", Hash = $"h{sequence}",
            });
        }

        Assert.Equal(10, (await store.FindLastAuditEventAsync())!.Sequence);
        var sequences = new List<long>();
        await foreach (var e in store.StreamAuditTrailAsync()) sequences.Add(e.Sequence);
        Assert.Equal([1L, 2L, 10L], sequences);
    }

    [Fact]
    public async Task Records_round_trip_every_field()
    {
        var store = await CreateStoreAsync();
        var risk = new Risk
        {
            Id = "RISK-0001", Title = "Unencrypted laptops", Description = "Quote \" and ünïcode ✓", Category = "Security",
            Inherent = new RiskRating(4, 5), Residual = new RiskRating(2, 3), Treatment = RiskTreatment.Transfer,
            OwnerId = "olive@example.com", LinkedControlIds = ["AC-01"], ReviewOn = new DateOnly(2027, 1, 31),
            Status = RiskStatus.InTreatment, RaisedBy = "eve@example.com", RaisedAt = new DateTimeOffset(2026, 11, 20, 9, 30, 15, 123, TimeSpan.Zero),
            TreatmentPlan = "Enrol them by March.", LastReviewedOn = new DateOnly(2026, 11, 19), LastReviewedBy = "olive@example.com", LastReviewComment = "Half done.",
            Actions =
            [
                new TreatmentAction { Number = 1, Description = "Encrypt", OwnerId = "dan@example.com", DueOn = new DateOnly(2026, 12, 1), DoneOn = new DateOnly(2026, 11, 30), DoneBy = "dan@example.com" },
                new TreatmentAction { Number = 2, Description = "Retire", OwnerId = "dan@example.com", DueOn = new DateOnly(2027, 3, 1) },
            ],
            Acceptance = new RiskAcceptance
            {
                Justification = "Retired soon.", ExpiresOn = new DateOnly(2027, 4, 30), ProposedBy = "lee@example.com", ProposedAt = new DateTimeOffset(2026, 11, 19, 8, 0, 0, TimeSpan.Zero),
                Decision = AcceptanceDecision.Rejected, DecidedBy = "olive@example.com", DecidedAt = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero), Reason = "Encrypt instead.",
            },
        };
        await store.CreateAsync(risk);
        var back = (await store.FindAsync<Risk>("RISK-0001"))!.Document;
        Assert.Equal(risk with { LinkedControlIds = back.LinkedControlIds, Actions = back.Actions }, back);
        Assert.Equal(risk.LinkedControlIds, back.LinkedControlIds);
        Assert.Equal(risk.Actions, back.Actions);
    }
}
