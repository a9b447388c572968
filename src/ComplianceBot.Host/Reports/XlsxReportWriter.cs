using ComplianceBot.Core.Reports;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ComplianceBot.Host.Reports;

/// <summary>Writes a report as a one-sheet workbook, row by row (SAX-style), so large registers stay small in memory.</summary>
internal static class XlsxReportWriter
{
    /// <summary>Excel's row limit, less the header row.</summary>
    public const int MaxRows = 1_048_575;

    /// <returns>False when the report has more rows than a worksheet can hold (nothing useful was written).</returns>
    public static async Task<bool> WriteAsync(TabularReport report, Stream output, int? limit, CancellationToken cancellationToken)
    {
        using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheetPart))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                WriteRow(writer, report.Columns);
                var written = 0;
                await foreach (var row in report.Rows.WithCancellation(cancellationToken))
                {
                    if (written == limit) break;
                    if (++written > MaxRows) return false;
                    WriteRow(writer, row);
                }

                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            workbookPart.Workbook = new Workbook(new Sheets(new Sheet
            {
                Id = workbookPart.GetIdOfPart(sheetPart),
                SheetId = 1,
                Name = report.Name.Length > 31 ? report.Name[..31] : report.Name,
            }));
        }

        return true;
    }

    private static void WriteRow(OpenXmlWriter writer, IReadOnlyList<string> cells)
    {
        writer.WriteStartElement(new Row());
        foreach (var cell in cells)
        {
            // Inline strings need no shared-string table; values stay text so nothing is evaluated as a formula.
            writer.WriteElement(new Cell(new InlineString(new Text(Clean(cell)) { Space = SpaceProcessingModeValues.Preserve }))
            {
                DataType = CellValues.InlineString,
            });
        }

        writer.WriteEndElement();
    }

    // XML 1.0 cannot carry most control characters; user text might.
    private static string Clean(string value) =>
        value.Any(c => char.IsControl(c) && c is not '\t' and not '\n' and not '\r')
            ? new string(value.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r').ToArray())
            : value;
}
