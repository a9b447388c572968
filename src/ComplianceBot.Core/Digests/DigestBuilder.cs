using System.Globalization;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Digests;

/// <summary>
/// The weekly coverage digest for the chosen frameworks: coverage and its change since last week, operating readiness
/// over the observation window, requirements
/// newly covered or lost, top gaps with the owners who can close them, overdue attestations by owner, open risks
/// by level, evidence expiring within 30 days, and the coverage-trend chart over the weekly snapshots.
/// </summary>
public sealed class DigestBuilder(
    IComplianceStore store, CoverageEngine coverage, CoverageHistory history, ReadinessEngine readiness, CompliancePolicy policy, ICoverageChart chart,
    Risks.RiskCriteria criteria)
{
    public const string Template = "digest";
    public const int TopGaps = 5;
    public const int ExpiringWithinDays = 30;
    public const int TrendWeeks = 8;
    private const int MaxExpiringListed = 10;

    public async Task<Digest> BuildAsync(IReadOnlyList<string> frameworks, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frameworks);
        var today = policy.Today(asOf);
        var report = await coverage.ComputeAsync(asOf, cancellationToken);
        var changes = CoverageHistory.Compare(report, await history.FindWeekBeforeAsync(asOf, cancellationToken));
        var operating = await readiness.OperatingAsync(cancellationToken: cancellationToken);
        var chosen = report.Frameworks.Where(f => frameworks.Contains(f.FrameworkId, StringComparer.OrdinalIgnoreCase)).ToList();
        var controls = (await store.ListAsync<Control>(cancellationToken)).Select(s => s.Document).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var people = (await store.ListAsync<Person>(cancellationToken)).ToDictionary(s => s.Document.Id, s => s.Document.DisplayName, StringComparer.Ordinal);

        var data = new JsonObject
        {
            ["asOf"] = CardInputs.Day(today),
            ["week"] = CoverageHistory.WeekOf(today),
            ["scope"] = DigestFrameworks.Describe(frameworks),
            ["frameworks"] = new JsonArray(chosen.Select(f => (JsonNode)FrameworkLine(f, changes.First(c => c.FrameworkId == f.FrameworkId), operating.Summary(f.FrameworkId))).ToArray()),
            ["gaps"] = new JsonArray(chosen.SelectMany(f => f.Shortfalls.Take(TopGaps).Select(r => (JsonNode)new JsonObject
            {
                ["framework"] = DigestFrameworks.ShortLabel(f.FrameworkId),
                ["id"] = r.Requirement.Id,
                ["title"] = r.Requirement.Title,
                ["state"] = r.State == RequirementState.Gap ? "gap" : "partial",
                ["owners"] = r.DescribeOwners(),
            })).ToArray()),
        };
        Note(data, "gaps", ((JsonArray)data["gaps"]!).Count == 0 ? "No gaps: every applicable requirement is covered." : null);

        var overdue = await OverdueAsync(today, frameworks, controls, people, cancellationToken);
        data["overdue"] = new JsonArray(overdue.ToArray());
        Note(data, "overdue", overdue.Count == 0 ? "No overdue attestations." : null);
        data["risks"] = await RisksAsync(cancellationToken);
        data["nonconformities"] = await NonconformitiesAsync(today, people, cancellationToken);
        var (expiring, expiringTotal) = await ExpiringAsync(today, cancellationToken);
        data["expiring"] = new JsonArray(expiring.ToArray());
        Note(data, "expiring", expiringTotal switch
        {
            0 => $"No evidence expires in the next {ExpiringWithinDays} days.",
            > MaxExpiringListed => $"{expiringTotal - MaxExpiringListed} more expire in the next {ExpiringWithinDays} days.",
            _ => null,
        });

        var trend = await TrendAsync(chosen, today, cancellationToken);
        return new Digest(CoverageHistory.WeekOf(today), today, data, trend, chart.Render(trend));
    }

    /// <summary>A line under a section, shown only when there is something to say ("none", "and 3 more").</summary>
    internal static void Note(JsonObject data, string section, string? note)
    {
        data[section + "Note"] = note ?? "";
        data["show" + char.ToUpperInvariant(section[0]) + section[1..] + "Note"] = note is not null;
    }

    private static JsonObject FrameworkLine(FrameworkCoverage f, CoverageChange change, string operating) => new()
    {
        ["operating"] = operating,
        ["name"] = f.Name,
        ["percent"] = f.Percent,
        ["change"] = change.Delta switch
        {
            null => "no figures from last week yet",
            0 => "no change since last week",
            var d => string.Create(CultureInfo.InvariantCulture, $"{d:+0.0;-0.0} points since last week"),
        },
        ["counts"] = $"{f.Covered} covered · {f.Partial} partial · {f.Gaps} gaps · {f.Excluded} not applicable",
        ["newlyCovered"] = change.NewlyCovered.Count == 0 ? "none" : string.Join(", ", change.NewlyCovered),
        ["lost"] = change.Lost.Count == 0 ? "none" : string.Join(", ", change.Lost),
    };


    /// <summary>Requested attestations past their due date, for controls of the chosen frameworks, grouped by owner.</summary>
    private async Task<List<JsonNode>> OverdueAsync(
        DateOnly today, IReadOnlyList<string> frameworks, Dictionary<string, Control> controls, Dictionary<string, string> people,
        CancellationToken cancellationToken)
    {
        var attestations = await store.ListAttestationsAsync(ControlEvaluator.PeriodKeysInPlay(today), cancellationToken);
        return attestations
            .Where(a => a.Status != AttestationStatus.Answered && a.DueOn < today)
            .Where(a => controls.TryGetValue(a.ControlId, out var c) && frameworks.Any(f => c.MappedTo(f).Count > 0))
            .GroupBy(a => controls[a.ControlId].OwnerId ?? "", StringComparer.Ordinal)
            .Select(g => (Owner: g.Key.Length == 0 ? "No owner" : people.GetValueOrDefault(g.Key, g.Key), Items: g.OrderBy(a => a.ControlId, StringComparer.Ordinal).ToList()))
            .OrderByDescending(g => g.Items.Count).ThenBy(g => g.Owner, StringComparer.Ordinal)
            .Select(g => (JsonNode)new JsonObject
            {
                ["owner"] = g.Owner,
                ["count"] = g.Items.Count,
                ["items"] = string.Join(", ", g.Items.Select(a => $"{a.ControlId} ({a.Period}, due {CardInputs.Day(a.DueOn)})")),
            })
            .ToList();
    }

    /// <summary>"2 open (1 overdue: NC-0002 · Dan Delegate), 1 waiting for verification".</summary>
    private async Task<string> NonconformitiesAsync(DateOnly today, IReadOnlyDictionary<string, string> people, CancellationToken cancellationToken)
    {
        var all = (await store.ListAsync<Nonconformity>(cancellationToken)).Select(n => n.Document).ToList();
        var open = all.Where(n => n.Status == NonconformityStatus.Open).ToList();
        var waiting = all.Count(n => n.Status == NonconformityStatus.AwaitingVerification);
        if (open.Count == 0 && waiting == 0) return "None open.";
        var overdue = open.Where(n => n.DueOn < today).OrderBy(n => n.Id, StringComparer.Ordinal).ToList();
        var late = overdue.Count == 0 ? "" : $" ({overdue.Count} overdue: {string.Join(", ", overdue.Take(5).Select(n => $"{n.Id} · {people.GetValueOrDefault(n.OwnerId, n.OwnerId)}"))})";
        return $"{open.Count} open{late}, {waiting} waiting for verification";
    }

    private async Task<string> RisksAsync(CancellationToken cancellationToken)
    {
        var risks = (await store.ListAsync<Risk>(cancellationToken)).Select(s => s.Document).ToList();
        var open = risks
            .Where(r => r.Status is RiskStatus.Open or RiskStatus.InTreatment)
            .GroupBy(r => criteria.LevelOf(Risks.RiskCriteria.Current(r)))
            .ToDictionary(g => g.Key, g => g.Count());
        var total = open.Values.Sum();
        var above = risks.Count(criteria.AboveAppetite);
        if (total == 0 && above == 0) return "No open risks.";
        var levels = new[] { RiskLevel.Critical, RiskLevel.High, RiskLevel.Medium, RiskLevel.Low }
            .Select(l => $"{open.GetValueOrDefault(l)} {l.ToString().ToLowerInvariant()}");
        var appetite = above == 0 ? "none above appetite" : $"{above} above appetite ({criteria.Appetite.ToString().ToLowerInvariant()})";
        return $"{total} open: {string.Join(" · ", levels)}; {appetite}";
    }

    private async Task<(List<JsonNode> Listed, int Total)> ExpiringAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var until = today.AddDays(ExpiringWithinDays);
        var expiring = new List<Evidence>();
        await foreach (var evidence in store.StreamEvidenceAsync(cancellationToken))
        {
            if (evidence.ExpiresOn is { } expires && expires >= today && expires <= until && evidence.EffectiveOn <= today) expiring.Add(evidence);
        }

        var listed = expiring.OrderBy(e => e.ExpiresOn).ThenBy(e => e.FileName, StringComparer.Ordinal).Take(MaxExpiringListed)
            .Select(e => (JsonNode)new JsonObject
            {
                ["file"] = e.FileName,
                ["controls"] = string.Join(", ", e.ControlIds),
                ["expiresOn"] = CardInputs.Day(e.ExpiresOn!.Value),
            }).ToList();
        return (listed, expiring.Count);
    }

    /// <summary>The last <see cref="TrendWeeks"/> weekly snapshots, this week's figure being today's computation.</summary>
    private async Task<CoverageTrend> TrendAsync(IReadOnlyList<FrameworkCoverage> chosen, DateOnly today, CancellationToken cancellationToken)
    {
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weeks = Enumerable.Range(0, TrendWeeks).Select(i => monday.AddDays(-7 * (TrendWeeks - 1 - i)))
            .Select(m => new TrendWeek(CoverageHistory.WeekOf(m), m)).ToList();
        var snapshots = new List<CoverageSnapshot?>();
        foreach (var week in weeks.SkipLast(1))
        {
            snapshots.Add((await store.FindAsync<CoverageSnapshot>(week.Week, cancellationToken))?.Document);
        }

        var lines = chosen.Select(f => new TrendLine(
            f.FrameworkId,
            DigestFrameworks.Name(f.FrameworkId),
            [.. snapshots.Select(s => s?.Frameworks.FirstOrDefault(p => p.FrameworkId == f.FrameworkId)?.Percent), f.Percent])).ToList();
        return new CoverageTrend(weeks, lines);
    }
}

/// <summary>
/// A built digest: the card's data (without its chart link, which depends on where it is posted), the figures of
/// its coverage-trend chart and the chart drawn from them.
/// </summary>
public sealed record Digest(string Week, DateOnly AsOf, JsonObject Data, CoverageTrend Trend, byte[] ChartPng)
{
    /// <param name="chartUrl">An https link or a data: URI; null to leave the chart out.</param>
    /// <param name="chartNote">Said where the chart would be, when it is left out.</param>
    public CardView Card(string? chartUrl, string? chartNote = null)
    {
        var data = (JsonObject)Data.DeepClone();
        data["chartUrl"] = chartUrl ?? "";
        data["hasChart"] = chartUrl is not null;
        DigestBuilder.Note(data, "chart", chartUrl is null ? chartNote : null);
        return new CardView(DigestBuilder.Template, data);
    }

    public string ChartDataUri => "data:image/png;base64," + Convert.ToBase64String(ChartPng);
}
