using System.Globalization;
using System.Text;
using ComplianceBot.Core.Reports;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ComplianceBot.Host.Reports;

/// <summary>
/// Writes a report as a one-sheet workbook a spreadsheet user expects: numbers as numbers, dates as dates, a bold
/// header row that stays in view and carries a filter, and column widths to suit. Rows are written one by one
/// (SAX-style), so large registers stay small in memory; every part is UTF-8 without a byte-order mark.
/// </summary>
internal static class XlsxReportWriter
{
    /// <summary>Excel's row limit, less the header row.</summary>
    public const int MaxRows = 1_048_575;

    private const uint HeaderStyle = 1, DateStyle = 2, DateTimeStyle = 3;
    private static readonly UTF8Encoding NoMark = new(encoderShouldEmitUTF8Identifier: false);

    /// <returns>False when the report has more rows than a worksheet can hold (nothing useful was written).</returns>
    public static async Task<bool> WriteAsync(TabularReport report, Stream output, int? limit, CancellationToken cancellationToken)
    {
        using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            WriteStyles(workbookPart.AddNewPart<WorkbookStylesPart>());
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            var written = 0;
            using (var writer = OpenXmlWriter.Create(sheetPart, NoMark))
            {
                writer.WriteStartElement(new Worksheet());
                // The header row stays in view while scrolling.
                writer.WriteElement(new SheetViews(new SheetView(new Pane
                {
                    VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
                }) { TabSelected = true, WorkbookViewId = 0 }));
                writer.WriteElement(new Columns(report.Columns.Select((name, i) => new Column
                {
                    Min = (uint)(i + 1), Max = (uint)(i + 1), Width = WidthOf(name, report.KindOf(i)), CustomWidth = true,
                })));
                writer.WriteStartElement(new SheetData());
                WriteHeader(writer, report.Columns);
                await foreach (var row in report.Rows.WithCancellation(cancellationToken))
                {
                    if (written == limit) break;
                    if (++written > MaxRows) return false;
                    WriteRow(writer, report, row);
                }

                writer.WriteEndElement();
                var range = $"A1:{ColumnName(report.Columns.Count)}{written + 1}";
                writer.WriteElement(new AutoFilter { Reference = range });
                writer.WriteEndElement();
            }

            var name = report.Name.Length > 31 ? report.Name[..31] : report.Name;
            using var book = OpenXmlWriter.Create(workbookPart, NoMark);
            book.WriteElement(new Workbook(
                new Sheets(new Sheet { Id = workbookPart.GetIdOfPart(sheetPart), SheetId = 1, Name = name }),
                // Excel finds a sheet's filter through this hidden name.
                new DefinedNames(new DefinedName($"'{name}'!$A$1:${ColumnName(report.Columns.Count)}${written + 1}")
                {
                    Name = "_xlnm._FilterDatabase", LocalSheetId = 0, Hidden = true,
                })));
        }

        return true;
    }

    private static void WriteStyles(WorkbookStylesPart part)
    {
        using var writer = OpenXmlWriter.Create(part, NoMark);
        writer.WriteElement(new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" },
                new NumberingFormat { NumberFormatId = 165, FormatCode = "yyyy-mm-dd hh:mm:ss" }) { Count = 2 },
            new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellFormats(
                new CellFormat(),
                new CellFormat { FontId = 1, ApplyFont = true },
                new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
                new CellFormat { NumberFormatId = 165, ApplyNumberFormat = true }) { Count = 4 }));
    }

    private static void WriteHeader(OpenXmlWriter writer, IReadOnlyList<string> columns)
    {
        writer.WriteStartElement(new Row());
        foreach (var name in columns) writer.WriteElement(TextCell(name, HeaderStyle));
        writer.WriteEndElement();
    }

    private static void WriteRow(OpenXmlWriter writer, TabularReport report, IReadOnlyList<string> cells)
    {
        writer.WriteStartElement(new Row());
        for (var i = 0; i < cells.Count; i++)
        {
            var value = cells[i];
            writer.WriteElement(report.KindOf(i) switch
            {
                _ when value.Length == 0 => new Cell(),
                CellKind.Number when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) =>
                    new Cell(new CellValue(number)) { DataType = CellValues.Number },
                CellKind.Date when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) =>
                    new Cell(new CellValue(day.ToDateTime(TimeOnly.MinValue).ToOADate())) { StyleIndex = DateStyle },
                CellKind.DateTime when DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) =>
                    new Cell(new CellValue(at.UtcDateTime.ToOADate())) { StyleIndex = DateTimeStyle },
                _ => TextCell(value, 0),
            });
        }

        writer.WriteEndElement();
    }

    // Inline strings need no shared-string table; text stays text, so nothing is evaluated as a formula.
    private static Cell TextCell(string value, uint style) =>
        new(new InlineString(new Text(Clean(value)) { Space = SpaceProcessingModeValues.Preserve })) { DataType = CellValues.InlineString, StyleIndex = style == 0 ? null : style };

    /// <summary>Wide enough for the header and what the column usually holds; long text wraps in the spreadsheet's own way.</summary>
    private static double WidthOf(string header, CellKind kind) => kind switch
    {
        CellKind.Date => Math.Max(12, header.Length + 3),
        CellKind.DateTime => Math.Max(20, header.Length + 3),
        CellKind.Number => Math.Max(10, header.Length + 3),
        _ when header is "Title" or "Description" or "Justification" or "Shortfalls" or "File name" => 48,
        _ => Math.Clamp(header.Length + 6, 14, 40),
    };

    private static string ColumnName(int number)
    {
        var name = "";
        for (; number > 0; number = (number - 1) / 26) name = (char)('A' + ((number - 1) % 26)) + name;
        return name;
    }

    // XML 1.0 cannot carry most control characters; user text might.
    private static string Clean(string value) =>
        value.Any(c => char.IsControl(c) && c is not '\t' and not '\n' and not '\r')
            ? new string(value.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r').ToArray())
            : value;
}
