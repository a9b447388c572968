using System.Globalization;

namespace ComplianceBot.Core.Periods;

/// <summary>Days as cards, settings and the API write them: yyyy-MM-dd, nothing else.</summary>
public static class Days
{
    public static bool TryParse(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
