using System.Text;
using ComplianceBot.Core.Reports;
using ComplianceBot.Core.Text;

namespace ComplianceBot.Host.Reports;

internal static class CsvReportWriter
{
    /// <summary>Streams the report as UTF-8 CSV with a byte-order mark, which Excel needs to read UTF-8.</summary>
    public static async Task WriteAsync(TabularReport report, Stream output, int? limit, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true);
        Csv.WriteRow(writer, report.Columns);
        var written = 0;
        await foreach (var row in report.Rows.WithCancellation(cancellationToken))
        {
            if (written++ == limit) break;
            Csv.WriteRow(writer, row);
        }

        await writer.FlushAsync(cancellationToken);
    }
}
