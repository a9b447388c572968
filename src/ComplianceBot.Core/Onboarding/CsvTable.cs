using ComplianceBot.Core.Text;

namespace ComplianceBot.Core.Onboarding;

/// <summary>A CSV file read by its header: the columns asked for, in any order, each row numbered as a spreadsheet numbers it.</summary>
internal static class CsvTable
{
    public const int MaxRows = 100_000;

    public static (List<CsvRow> Rows, RowError? HeaderError) Read(TextReader csv, IReadOnlyList<string> columns)
    {
        var records = Csv.Read(csv).GetEnumerator();
        if (!records.MoveNext()) return ([], new RowError(1, "", $"The file is empty; its first row names the columns: {string.Join(",", columns)}."));
        var header = records.Current.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        var missing = columns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
            return ([], new RowError(1, missing[0], $"The header lacks {string.Join(", ", missing)}; the columns are {string.Join(",", columns)}."));
        var index = columns.ToDictionary(c => c, c => header.IndexOf(c), StringComparer.Ordinal);

        var rows = new List<CsvRow>();
        var number = 1;
        while (records.MoveNext())
        {
            number++;
            if (records.Current.All(string.IsNullOrWhiteSpace)) continue; // blank lines, e.g. at the end
            if (rows.Count == MaxRows) return ([], new RowError(number, "", $"The file has more than {MaxRows:N0} rows; split it."));
            var cells = records.Current;
            rows.Add(new CsvRow(number, columns.ToDictionary(c => c, c => index[c] < cells.Length ? cells[index[c]] : "", StringComparer.Ordinal)));
        }

        return (rows, null);
    }
}

internal sealed record CsvRow(int Number, IReadOnlyDictionary<string, string> Cells)
{
    public string this[string column] => Cells[column];
}
