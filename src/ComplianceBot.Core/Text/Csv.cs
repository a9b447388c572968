using System.Text;

namespace ComplianceBot.Core.Text;

/// <summary>RFC 4180 reading and writing, the one CSV dialect used for catalogs and reports.</summary>
public static class Csv
{
    public static IEnumerable<string[]> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            any = true;
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch != '"') { field.Append(ch); continue; }
                if (reader.Peek() == '"') { field.Append('"'); reader.Read(); continue; }
                inQuotes = false;
                continue;
            }
            switch (ch)
            {
                case '"': inQuotes = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return fields.ToArray();
                    fields.Clear();
                    any = false;
                    break;
                default: field.Append(ch); break;
            }
        }
        if (any)
        {
            fields.Add(field.ToString());
            yield return fields.ToArray();
        }
    }

    /// <summary>
    /// Writes one record. Cells that a spreadsheet would run as a formula are prefixed with an apostrophe,
    /// because auditors open these files in Excel and user-entered text (risk titles) reaches them.
    /// </summary>
    public static void WriteRow(TextWriter writer, IEnumerable<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cells);
        var first = true;
        foreach (var raw in cells)
        {
            if (!first) writer.Write(',');
            first = false;
            writer.Write(Escape(raw ?? string.Empty));
        }
        writer.Write("\r\n");
    }

    public static string NeutraliseFormula(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsNumber(value)
            ? "'" + value
            : value;
    }

    private static bool IsNumber(string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static string Escape(string value)
    {
        value = NeutraliseFormula(value);
        return value.AsSpan().IndexOfAny("\",\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
