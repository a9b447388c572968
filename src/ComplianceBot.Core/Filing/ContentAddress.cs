using System.Text.RegularExpressions;

namespace ComplianceBot.Core.Filing;

/// <summary>Storage keys are "sha256/ab/abcdef…": the hash is the name, so content cannot be swapped silently.</summary>
public static partial class ContentAddress
{
    public static string KeyFor(string sha256)
    {
        if (!IsSha256(sha256)) throw new ArgumentException("Not a lower-case hex SHA-256.", nameof(sha256));
        return $"sha256/{sha256[..2]}/{sha256}";
    }

    public static string? Sha256Of(string storageKey)
    {
        ArgumentNullException.ThrowIfNull(storageKey);
        var parts = storageKey.Split('/');
        return parts.Length == 3 && parts[0] == "sha256" && IsSha256(parts[2]) && parts[1] == parts[2][..2] ? parts[2] : null;
    }

    public static bool IsSha256(string? value) => value is not null && Sha256Pattern().IsMatch(value);

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();
}
