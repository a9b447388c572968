using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplianceBot.Core.Conversations;

/// <summary>Reads submitted card values, which arrive as strings (or numbers) whatever the input type.</summary>
internal static class CardInputs
{
    public static string? Text(JsonObject data, string name) => data.TryGetPropertyValue(name, out var node) && node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => NullIfBlank(value.GetValue<string>()),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;

    public static int? Number(JsonObject data, string name) =>
        int.TryParse(Text(data, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Input.Date sends yyyy-MM-dd.</summary>
    public static (DateOnly? Value, bool Malformed) Date(JsonObject data, string name)
    {
        var text = Text(data, name);
        if (text is null) return (null, false);
        return Periods.Days.TryParse(text, out var day) ? (day, false) : (null, true);
    }

    public static IReadOnlyList<string> List(JsonObject data, string name) =>
        (Text(data, name) ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Field errors as the cards list them ($data over {field, message}).</summary>
    public static JsonArray Errors(IEnumerable<Validation.FieldError> errors) =>
        new(errors.Select(e => (JsonNode)new JsonObject { ["field"] = e.Field, ["message"] = e.Message }).ToArray());

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A hash in groups of eight, so a card can wrap it whole instead of clipping it.</summary>
    public static string Grouped(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return string.Join(' ', Enumerable.Range(0, (hex.Length + 7) / 8).Select(i => hex.Substring(i * 8, Math.Min(8, hex.Length - (i * 8)))));
    }

    /// <summary>"due 2027-01-12 (in 5 days)", "due today", "overdue since 2027-01-12 (3 days late)".</summary>
    public static string DueStatus(DateOnly due, DateOnly today)
    {
        var days = due.DayNumber - today.DayNumber;
        return days switch
        {
            0 => "due today",
            1 => $"due {Day(due)} (tomorrow)",
            > 1 => string.Create(CultureInfo.InvariantCulture, $"due {Day(due)} (in {days} days)"),
            -1 => $"overdue since {Day(due)} (1 day late)",
            _ => string.Create(CultureInfo.InvariantCulture, $"overdue since {Day(due)} ({-days} days late)"),
        };
    }

    private static string? NullIfBlank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
