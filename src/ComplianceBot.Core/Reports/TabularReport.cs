namespace ComplianceBot.Core.Reports;

/// <summary>A report as columns and rows of text, rendered to CSV or XLSX at the edge.</summary>
/// <param name="Rows">Read lazily: the evidence register can run to hundreds of thousands of rows.</param>
public sealed record TabularReport(string Name, string Title, IReadOnlyList<string> Columns, IAsyncEnumerable<IReadOnlyList<string>> Rows)
{
    /// <summary>
    /// What each column holds, so a spreadsheet gets numbers and dates rather than text (cells are written in the
    /// invariant forms: 12, 2026-11-20, 2026-11-20T09:00:00Z). Columns not listed are text.
    /// </summary>
    public IReadOnlyList<CellKind> Kinds { get; init; } = [];

    public CellKind KindOf(int column) => column < Kinds.Count ? Kinds[column] : CellKind.Text;
}

public enum CellKind
{
    Text,
    Number,
    Date,
    DateTime,
}
