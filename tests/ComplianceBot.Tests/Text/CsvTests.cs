using ComplianceBot.Core.Text;

namespace ComplianceBot.Tests.Text;

public class CsvTests
{
    [Fact]
    public void Written_rows_read_back_identically()
    {
        string[] row = ["plain", "with, comma", "with \"quotes\"", "two\nlines", ""];
        var writer = new StringWriter();
        Csv.WriteRow(writer, row);
        var back = Csv.Read(new StringReader(writer.ToString())).Single();
        Assert.Equal(row, back);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-5", "-5")]
    [InlineData("ordinary", "ordinary")]
    public void Cells_a_spreadsheet_would_evaluate_are_neutralised(string value, string expected) =>
        Assert.Equal(expected, Csv.NeutraliseFormula(value));

    [Fact]
    public void Quoted_fields_may_contain_separators_and_line_breaks()
    {
        var rows = Csv.Read(new StringReader("id,title\r\nCC1.3,\"Management structures, reporting\"\r\n")).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("Management structures, reporting", rows[1][1]);
    }
}
