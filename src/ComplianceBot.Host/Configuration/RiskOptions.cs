using ComplianceBot.Core.Records;
using ComplianceBot.Core.Risks;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Configuration;

/// <summary>
/// Section "Risks": the organisation's risk criteria. <c>Risks__Likelihood__0…4</c> and <c>Risks__Impact__0…4</c> name
/// levels 1–5; <c>Risks__Matrix__0…4</c> give, for likelihood 1 to 5, the level of impact 1 to 5 as five of Low,
/// Medium, High, Critical (e.g. "Low,Low,Medium,High,High"); <c>Risks__Appetite</c> is the highest level accepted
/// after treatment. Unset parts keep the defaults (score bands, appetite Medium).
/// </summary>
public sealed class RiskOptions
{
    public const string Section = "Risks";

    public List<string> Likelihood { get; set; } = [];

    public List<string> Impact { get; set; } = [];

    public List<string> Matrix { get; set; } = [];

    public string? Appetite { get; set; }

    /// <summary>The criteria these settings describe; call only once <see cref="RiskOptionsValidator"/> passed.</summary>
    public RiskCriteria ToCriteria()
    {
        var defaults = RiskCriteria.Default;
        var matrix = RiskCriteria.ScoreBands();
        for (var row = 0; row < Matrix.Count; row++)
        {
            var cells = Cells(Matrix[row]);
            for (var column = 0; column < cells.Length; column++) matrix[row, column] = Enum.Parse<RiskLevel>(cells[column], ignoreCase: true);
        }

        return new RiskCriteria(
            Likelihood.Count > 0 ? Likelihood : defaults.Likelihood,
            Impact.Count > 0 ? Impact : defaults.Impact,
            matrix,
            Appetite is null ? defaults.Appetite : Enum.Parse<RiskLevel>(Appetite, ignoreCase: true));
    }

    internal static string[] Cells(string row) => row.Split(',', StringSplitOptions.TrimEntries);
}

internal sealed class RiskOptionsValidator : IValidateOptions<RiskOptions>
{
    public ValidateOptionsResult Validate(string? name, RiskOptions options)
    {
        var failures = new List<string>();
        foreach (var (setting, names) in new[] { ("Risks__Likelihood", options.Likelihood), ("Risks__Impact", options.Impact) })
        {
            if (names.Count is not (0 or RiskRating.Max) || names.Any(string.IsNullOrWhiteSpace))
                failures.Add($"{setting} needs five names, {setting}__0 (level 1) to {setting}__4 (level 5), e.g. Rare … Almost certain.");
        }

        if (options.Matrix.Count is not (0 or RiskRating.Max))
            failures.Add("Risks__Matrix needs five rows, Risks__Matrix__0 (likelihood 1) to Risks__Matrix__4 (likelihood 5).");
        for (var row = 0; row < options.Matrix.Count; row++)
        {
            var cells = RiskOptions.Cells(options.Matrix[row]);
            if (cells.Length != RiskRating.Max || cells.Any(c => !IsLevel(c)))
                failures.Add($"Risks__Matrix__{row} '{options.Matrix[row]}' must list five levels (Low, Medium, High, Critical) for impact 1 to 5, comma separated.");
        }

        if (options.Appetite is { } appetite && !IsLevel(appetite))
            failures.Add($"Risks__Appetite '{appetite}' must be Low, Medium, High or Critical.");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    private static bool IsLevel(string text) => Enum.TryParse<RiskLevel>(text, ignoreCase: true, out var level) && Enum.IsDefined(level) && !int.TryParse(text, out _);
}
