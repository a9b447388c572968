namespace ComplianceBot.Core.Coverage;

/// <summary>Orders ids the way a reader expects: 5.2 before 5.10, CC1.5 before CC2.1, P4.3 before P10.1.</summary>
public sealed class RequirementIdComparer : IComparer<string>
{
    public static RequirementIdComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsDigit(x[i]) && char.IsDigit(y[j]))
            {
                var si = i; var sj = j;
                while (i < x.Length && char.IsDigit(x[i])) i++;
                while (j < y.Length && char.IsDigit(y[j])) j++;
                var byNumber = long.Parse(x.AsSpan(si, i - si), provider: System.Globalization.CultureInfo.InvariantCulture)
                    .CompareTo(long.Parse(y.AsSpan(sj, j - sj), provider: System.Globalization.CultureInfo.InvariantCulture));
                if (byNumber != 0) return byNumber;
                continue;
            }

            var byChar = char.ToUpperInvariant(x[i]).CompareTo(char.ToUpperInvariant(y[j]));
            if (byChar != 0) return byChar;
            i++;
            j++;
        }

        return (x.Length - i).CompareTo(y.Length - j);
    }
}
