namespace ComplianceBot.Core.Reports;

/// <summary>A report as columns and rows of text, rendered to CSV or XLSX at the edge.</summary>
/// <param name="Rows">Read lazily: the evidence register can run to hundreds of thousands of rows.</param>
public sealed record TabularReport(string Name, string Title, IReadOnlyList<string> Columns, IAsyncEnumerable<IReadOnlyList<string>> Rows);
