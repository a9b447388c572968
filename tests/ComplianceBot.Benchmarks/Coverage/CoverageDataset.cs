using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Benchmarks.Coverage;

/// <summary>
/// A large organisation, generated deterministically: controls mapped across both frameworks, years of
/// attestations and a deep evidence history.
/// </summary>
internal static class CoverageDataset
{
    public static readonly DateTimeOffset AsOf = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    public static async Task SeedAsync(IComplianceStore store, int controls, int evidence, int attestations)
    {
        var random = new Random(42);
        var catalog = FrameworkCatalog.Default;
        var iso = catalog.Iso27001.Requirements.Select(r => r.Id).ToArray();
        var soc2 = catalog.Soc2.Requirements.Select(r => r.Id).ToArray();
        var cadences = Enum.GetValues<Cadence>();
        var today = DateOnly.FromDateTime(AsOf.UtcDateTime);
        var ids = new List<(Control Control, Cadence Cadence)>();
        var controlBatch = new List<Control>();

        await store.UpsertAsync(new Person { Id = "owner@example.com", Email = "owner@example.com", DisplayName = "Owner" });
        for (var i = 0; i < controls; i++)
        {
            var cadence = cadences[random.Next(cadences.Length)];
            var control = new Control
            {
                Id = $"BEN-{i:D4}",
                Name = $"Benchmark control {i}",
                Objective = "Generated for the coverage benchmark.",
                AttestationQuestion = "Did it operate?",
                Cadence = cadence,
                FreshnessDays = random.Next(60, 400),
                Iso27001 = Enumerable.Range(0, random.Next(1, 4)).Select(_ => iso[random.Next(iso.Length)]).Distinct().ToList(),
                Soc2 = Enumerable.Range(0, random.Next(1, 4)).Select(_ => soc2[random.Next(soc2.Length)]).Distinct().ToList(),
                OwnerId = "owner@example.com",
                DueSlot = i,
            };
            controlBatch.Add(control);
            ids.Add((control, cadence));
        }

        await store.ImportAsync(controlBatch);
        var attestationBatch = new List<Attestation>();

        var perControl = attestations / controls;
        foreach (var (control, cadence) in ids)
        {
            var id = control.Id;
            var period = ReportingPeriod.LatestClosed(cadence, today);
            for (var k = 0; k < perControl; k++, period = period.Previous)
            {
                var roll = random.NextDouble();
                attestationBatch.Add(new Attestation
                {
                    Id = Attestation.IdFor(id, period.Key),
                    ControlId = id,
                    Period = period.Key,
                    DueOn = CompliancePolicy.Default.DueOn(control, period),
                    Status = roll < 0.9 ? AttestationStatus.Answered : AttestationStatus.Requested,
                    Result = roll < 0.75 ? AttestationResult.Operating : roll < 0.85 ? AttestationResult.Partially : roll < 0.9 ? AttestationResult.NotOperating : null,
                    Comment = roll is >= 0.75 and < 0.9 ? "Generated shortfall." : null,
                    AttestorId = "owner@example.com",
                    AnsweredAt = AsOf.AddDays(-random.Next(1, 30)),
                    RequestedAt = AsOf.AddDays(-random.Next(30, 60)),
                });
            }
        }

        await store.ImportAsync(attestationBatch);
        await store.ImportAsync(EvidenceItems(random, ids, today, evidence));
    }

    private static IEnumerable<Evidence> EvidenceItems(Random random, List<(Control Control, Cadence Cadence)> ids, DateOnly today, int evidence)
    {
        for (var i = 0; i < evidence; i++)
        {
            var first = ids[random.Next(ids.Count)].Control.Id;
            var effective = today.AddDays(-random.Next(0, 730));
            yield return new Evidence
            {
                Id = $"EV-{i:D8}",
                ControlIds = random.Next(5) == 0 ? [first, ids[random.Next(ids.Count)].Control.Id] : [first],
                FileName = $"evidence-{i}.pdf",
                SizeBytes = random.Next(10_000, 5_000_000),
                ContentType = "application/pdf",
                Sha256 = Convert.ToHexStringLower(BitConverter.GetBytes((long)i).Concat(new byte[24]).ToArray()),
                StorageKey = $"sha256/00/{i}",
                EffectiveOn = effective,
                ExpiresOn = random.Next(10) == 0 ? effective.AddDays(random.Next(30, 365)) : null,
                UploadedAt = AsOf.AddDays(-random.Next(0, 730)),
                UploadedBy = "owner@example.com",
            };
        }
    }
}
