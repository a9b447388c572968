using System.Net;
using System.Text;

namespace ComplianceBot.IntegrationTests.Edge;

/// <summary>What a fuzz run sent and got back, per endpoint, for the test output and the failure message.</summary>
internal sealed class StatusTally
{
    private readonly SortedDictionary<string, SortedDictionary<int, int>> counts = new(StringComparer.Ordinal);
    private readonly List<string> failures = [];

    public IReadOnlyList<string> Failures => failures;

    /// <param name="deliberate">A 5xx that is the protocol's answer for the input (counted, not a failure).</param>
    public void Add(string endpoint, HttpStatusCode status, string kind, int seed, int index, bool deliberate = false)
    {
        if (!counts.TryGetValue(endpoint, out var histogram)) counts[endpoint] = histogram = [];
        histogram[(int)status] = histogram.GetValueOrDefault((int)status) + 1;
        if ((int)status >= 500 && !deliberate) failures.Add($"{endpoint} #{index} ({kind}, seed {seed}): {(int)status}");
    }

    public int Sent(string endpoint) => counts.TryGetValue(endpoint, out var histogram) ? histogram.Values.Sum() : 0;

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (endpoint, histogram) in counts)
            text.AppendLine($"{endpoint}: {histogram.Values.Sum()} bodies; " + string.Join(", ", histogram.Select(h => $"{h.Key}×{h.Value}")));
        return text.ToString();
    }
}
