using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Risks;

/// <summary>Finds risks whose titles say much the same thing, so one risk is not registered twice.</summary>
public static class RiskSimilarity
{
    private static readonly HashSet<string> Noise = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "for", "with", "without", "from", "into", "our", "are", "not", "due", "risk", "of", "to", "in", "on", "a", "an",
    };

    /// <summary>Risks whose title words overlap by at least half (Jaccard), most similar first.</summary>
    public static IEnumerable<Risk> LikelyDuplicates(string title, IEnumerable<Risk> candidates)
    {
        var words = Words(title);
        return candidates
            .Select(r => (Risk: r, Score: Similarity(words, Words(r.Title))))
            .Where(x => x.Score >= 0.5)
            .OrderByDescending(x => x.Score)
            .Select(x => x.Risk);
    }

    public static double Similarity(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0) return 0;
        var common = a.Count(b.Contains);
        return (double)common / (a.Count + b.Count - common);
    }

    public static IReadOnlySet<string> Words(string text) =>
        new string((text ?? "").ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 2 && !Noise.Contains(w))
            .Select(Stem)
            .ToHashSet();

    // Folds the plural and -ed/-ing forms that make "laptops" and "laptop" look different.
    private static string Stem(string word) =>
        word.EndsWith("ing", StringComparison.Ordinal) && word.Length > 5 ? word[..^3]
        : word.EndsWith("ed", StringComparison.Ordinal) && word.Length > 4 ? word[..^2]
        : word.EndsWith('s') && word.Length > 3 ? word[..^1]
        : word;
}
