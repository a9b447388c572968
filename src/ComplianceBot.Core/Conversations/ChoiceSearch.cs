using System.Globalization;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Conversations;

/// <summary>One choice a typeahead offers: what the person reads and what the card submits.</summary>
public sealed record Choice(string Title, string Value);

/// <summary>
/// The typeahead lists the host serves to cards (Teams: an Input.ChoiceSet's Data.Query, Slack: an external select),
/// by the dataset the card names. <see cref="ControlsDataset"/>: the control library, searched by id and name.
/// </summary>
public sealed class ChoiceSearch(IComplianceStore store)
{
    public const string ControlsDataset = "controls";

    /// <summary>The people picker Teams serves itself from the tenant's directory; Slack's counterpart is users_select.</summary>
    public const string PeopleDataset = "graph.microsoft.com/users";

    /// <summary>Whether the host serves <paramref name="dataset"/>.</summary>
    public static bool Serves(string? dataset) => dataset == ControlsDataset;

    /// <summary>
    /// Up to <paramref name="top"/> choices after <paramref name="skip"/>, best first: an exact id, then ids that start
    /// with the text, then names with a word that starts with it, then anything containing it; each group by id.
    /// An empty text lists the library by id. Null for a dataset the host does not serve.
    /// </summary>
    public async Task<IReadOnlyList<Choice>?> SearchAsync(string? dataset, string? text, int skip, int top, CancellationToken cancellationToken = default)
    {
        if (!Serves(dataset)) return null;
        skip = Math.Max(0, skip);
        top = Math.Clamp(top, 0, 100);
        var query = (text ?? "").Trim();
        var controls = (await store.ListAsync<Control>(cancellationToken)).Select(c => c.Document);
        return controls
            .Select(c => (Control: c, Rank: Rank(c, query)))
            .Where(c => c.Rank >= 0)
            .OrderBy(c => c.Rank).ThenBy(c => c.Control.Id, StringComparer.Ordinal)
            .Skip(skip).Take(top)
            .Select(c => new Choice($"{c.Control.Id} · {c.Control.Name}", c.Control.Id))
            .ToList();
    }

    private static int Rank(Control control, string query)
    {
        if (query.Length == 0) return 0;
        var compare = CultureInfo.InvariantCulture.CompareInfo;
        const CompareOptions Loose = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace;
        if (string.Equals(control.Id, query, StringComparison.OrdinalIgnoreCase)) return 0;
        if (control.Id.StartsWith(query, StringComparison.OrdinalIgnoreCase)) return 1;
        if (control.Name.Split([' ', '-', '/', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Any(word => compare.IsPrefix(word, query, Loose))) return 2;
        if (compare.IndexOf(control.Name, query, Loose) >= 0 || control.Id.Contains(query, StringComparison.OrdinalIgnoreCase)) return 3;
        return -1;
    }
}
