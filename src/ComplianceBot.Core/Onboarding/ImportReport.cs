namespace ComplianceBot.Core.Onboarding;

/// <summary>What an import found and did. Nothing is written while any row is wrong; a dry run writes nothing at all.</summary>
/// <param name="Rows">Data rows read (the header not counted).</param>
public sealed record ImportReport(bool DryRun, int Rows, IReadOnlyList<RowError> Errors, int Created, int Updated, int Unchanged)
{
    public bool Applied => !DryRun && Errors.Count == 0;
}

/// <summary>A problem in one row: its number as a spreadsheet shows it (the header is row 1), the column, and what to fix.</summary>
public sealed record RowError(int Row, string Column, string Message);
