using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Records;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Digests;

/// <summary>
/// A small organisation with figures one can check by hand, on Friday 20 November 2026 (ISO week 2026-W47).
/// ISO 27001: 93 requirements, only 5.15 covered (AC-01) → 1.1 %; last week only 8.24 was → no change, 5.15
/// newly covered, 8.24 lost. SOC 2 (security): 33 requirements, CC6.1 covered → 3.0 %, up from 0.0.
/// Attestations look back on 2026-Q3 (due 7 October); AC-01 answered it with evidence from September.
/// Overdue: AC-02 (Olive) and CRY-01 (Dan). Open risks: one high, one medium, one low (residual); a closed
/// critical one does not count. Evidence expiring within 30 days: AC-01's on 1 Dec and CRY-01's on 10 Dec.
/// </summary>
public static class DigestWorld
{
    public const string Olive = "olive@example.com";
    public const string Dan = "dan@example.com";

    public static async Task SeedAsync(TestWorld world)
    {
        await world.Store.UpsertAsync(new Person
        {
            Id = Olive, Email = Olive, DisplayName = "Olive Owner", Roles = [ReminderConversation.ComplianceAdminRole],
            ChatIdentities = [new ChatIdentity(Platforms.Teams, "29:olive", "tenant-1")],
        });
        await world.Store.UpsertAsync(new Person { Id = Dan, Email = Dan, DisplayName = "Dan Delegate" });

        await world.Store.CreateAsync(Control("AC-01", Olive, ["5.15"], ["CC6.1"]));
        await world.Store.CreateAsync(Control("AC-02", Olive, ["5.18"], []));
        await world.Store.CreateAsync(Control("CRY-01", Dan, ["8.24"], []));

        var now = world.Time.GetUtcNow();
        await world.Store.CreateAsync(new Attestation
        {
            Id = Attestation.IdFor("AC-01", "2026-Q3"), ControlId = "AC-01", Period = "2026-Q3", DueOn = new DateOnly(2026, 10, 7),
            Status = AttestationStatus.Answered, Result = AttestationResult.Operating, AttestorId = Olive, AnsweredAt = now.AddDays(-30), RequestedAt = now.AddDays(-50),
        });
        foreach (var control in new[] { "AC-02", "CRY-01" })
        {
            await world.Store.CreateAsync(new Attestation
            {
                Id = Attestation.IdFor(control, "2026-Q3"), ControlId = control, Period = "2026-Q3", DueOn = new DateOnly(2026, 10, 7), RequestedAt = now.AddDays(-50),
            });
        }

        await world.Store.CreateAsync(Evidence("EV-1", "AC-01", "access-review-q3.pdf", new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 1)));
        await world.Store.CreateAsync(Evidence("EV-2", "CRY-01", "key-rotation-log.csv", new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 10)));
        await world.Store.CreateAsync(Evidence("EV-3", "AC-02", "joiners-leavers.xlsx", new DateOnly(2026, 11, 2), new DateOnly(2027, 3, 1)));
        await world.Store.CreateAsync(Evidence("EV-4", "AC-02", "old-review.pdf", new DateOnly(2026, 6, 1), new DateOnly(2026, 11, 10)));

        await world.Store.CreateAsync(Risk("RISK-0001", new RiskRating(4, 4), null, RiskStatus.Open));
        await world.Store.CreateAsync(Risk("RISK-0002", new RiskRating(2, 3), null, RiskStatus.Open));
        await world.Store.CreateAsync(Risk("RISK-0003", new RiskRating(5, 5), null, RiskStatus.Closed));
        await world.Store.CreateAsync(Risk("RISK-0004", new RiskRating(5, 4), new RiskRating(1, 3), RiskStatus.InTreatment));

        // The trend: six weeks climbing on both frameworks, then last week (W46) with 8.24 covered instead of 5.15.
        double[] iso = [0.0, 0.0, 1.1, 1.1, 2.2, 2.2];
        double[] soc2 = [0.0, 3.0, 3.0, 6.1, 6.1, 3.0];
        for (var i = 0; i < 6; i++)
        {
            await world.Store.UpsertAsync(Snapshot($"2026-W{40 + i}", iso[i], [], soc2[i], []));
        }

        await world.Store.UpsertAsync(Snapshot("2026-W46", 1.1, ["8.24"], 0.0, []));
    }

    private static Control Control(string id, string owner, string[] iso, string[] soc2) => new()
    {
        Id = id, Name = $"Control {id}", Objective = "Keep things safe.", AttestationQuestion = "Did it operate?", Cadence = Cadence.Quarterly,
        FreshnessDays = 100, Iso27001 = iso, Soc2 = soc2, OwnerId = owner, DueSlot = 0,
    };

    private static Evidence Evidence(string id, string control, string file, DateOnly effective, DateOnly expires) => new()
    {
        Id = id, ControlIds = [control], FileName = file, SizeBytes = 100, ContentType = "application/octet-stream", Sha256 = new string('a', 64),
        StorageKey = "k/" + id, EffectiveOn = effective, ExpiresOn = expires, UploadedAt = new DateTimeOffset(effective.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        UploadedBy = Olive,
    };

    private static Risk Risk(string id, RiskRating inherent, RiskRating? residual, RiskStatus status) => new()
    {
        Id = id, Title = "Risk " + id, Category = "Technology", Inherent = inherent, Residual = residual, Status = status, OwnerId = Olive,
        ReviewOn = new DateOnly(2027, 1, 15), RaisedBy = Olive, RaisedAt = new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero),
    };

    public static CoverageSnapshot Snapshot(string week, double iso, string[] isoCovered, double soc2, string[] soc2Covered) => new()
    {
        Id = week, TakenAt = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        Frameworks =
        [
            new FrameworkSnapshot("iso27001", 93, isoCovered.Length, 0, 93 - isoCovered.Length, 0, iso, isoCovered),
            new FrameworkSnapshot("soc2", 33, soc2Covered.Length, 0, 33 - soc2Covered.Length, 0, soc2, soc2Covered),
        ],
    };
}
