using Cronos;

namespace ComplianceBot.Host.Jobs;

/// <summary>Cron expressions read the way Hangfire reads them: five fields, or six with seconds first.</summary>
internal static class CronSchedule
{
    /// <summary>Null when Hangfire will accept the expression; otherwise what is wrong with it.</summary>
    public static string? Problem(string? expression)
    {
        var fields = expression?.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (fields.Length is not (5 or 6)) return "it needs five fields (minute hour day month weekday), or six with seconds first";
        try
        {
            CronExpression.Parse(expression!, fields.Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            return null;
        }
        catch (CronFormatException e)
        {
            // Cronos opens every message with the same sentence; the field and the rule follow it.
            const string Preamble = "The given cron expression has an invalid format. ";
            return e.Message.StartsWith(Preamble, StringComparison.Ordinal) ? e.Message[Preamble.Length..] : e.Message;
        }
    }
}
