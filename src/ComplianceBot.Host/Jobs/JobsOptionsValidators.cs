using System.Globalization;
using ComplianceBot.Core.Chat;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Jobs;

internal sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var failures = new List<string>();
        if (!JobStorageChoice.IsKnown(options.Storage))
            failures.Add($"Jobs__Storage '{options.Storage}' is not available; use Sqlite, PostgreSql or Redis.");
        failures.AddRange(JobStorageChoice.Problems(options));
        if (options.TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            failures.Add($"Jobs__TimeZone '{zone}' is not a known time zone id (e.g. Europe/London).");
        foreach (var (setting, cron) in new[] { ("Jobs__RemindersCron", options.RemindersCron), ("Jobs__CampaignsCron", options.CampaignsCron), ("Jobs__DigestsCron", options.DigestsCron), ("Jobs__DirectorySyncCron", options.DirectorySyncCron) })
        {
            if (CronSchedule.Problem(cron) is { } problem) failures.Add($"{setting} '{cron}' is not a valid cron expression: {problem.TrimEnd('.')}. Every hour on the hour is \"0 * * * *\".");
        }

        foreach (var (setting, value) in new[] { ("Jobs__QuietHoursStart", options.QuietHoursStart), ("Jobs__QuietHoursEnd", options.QuietHoursEnd) })
        {
            if (!TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                failures.Add($"{setting} '{value}' must be a time as HH:mm, e.g. 18:00.");
        }

        if (options.Workers is < 1 or > 64) failures.Add("Jobs__Workers must be between 1 and 64.");
        if (options.PollSeconds is < 1 or > 3600) failures.Add("Jobs__PollSeconds must be between 1 and 3600.");
        if (options.SlackMessagesPerMinute is < 1 or > 100_000) failures.Add("Jobs__SlackMessagesPerMinute must be between 1 and 100000.");
        if (options.PublicBaseUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback)))
            failures.Add("Jobs__PublicBaseUrl must be an absolute https URL (http only on loopback).");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}

internal sealed class RemindersOptionsValidator : IValidateOptions<RemindersOptions>
{
    public ValidateOptionsResult Validate(string? name, RemindersOptions options)
    {
        var failures = new List<string>();
        if (options.DueSoonDays.Any(d => d is < 0 or > 365)) failures.Add("Reminders__DueSoonDays entries must be between 0 and 365.");
        if (options.EvidenceExpiryDays.Any(d => d is < 0 or > 365)) failures.Add("Reminders__EvidenceExpiryDays entries must be between 0 and 365.");
        if (options.OverdueEveryDays is < 1 or > 90) failures.Add("Reminders__OverdueEveryDays must be between 1 and 90.");
        if (options.OverdueMaxReminders is < 0 or > 100) failures.Add("Reminders__OverdueMaxReminders must be between 0 and 100.");
        if (options.EscalateAfterDays is < 1 or > 365) failures.Add("Reminders__EscalateAfterDays must be between 1 and 365.");
        if (options.SnoozeBudget is < 0 or > 20) failures.Add("Reminders__SnoozeBudget must be between 0 and 20.");
        if (options.MaxItemsPerMessage is < 1 or > 20) failures.Add("Reminders__MaxItemsPerMessage must be between 1 and 20 (a card must stay small).");
        foreach (var (old, value) in new[] { ("QuietHoursStart", options.QuietHoursStart), ("QuietHoursEnd", options.QuietHoursEnd) })
        {
            if (value is not null) failures.Add($"Reminders__{old} is now Jobs__{old}: move the setting.");
        }

        if (options.ComplianceChannel is { } channel && !string.IsNullOrEmpty(channel.ConversationId))
        {
            if (channel.Platform is not (Platforms.Teams or Platforms.Slack))
                failures.Add("Reminders__ComplianceChannel__Platform must be teams or slack.");
            if (channel.Platform == Platforms.Teams && string.IsNullOrEmpty(channel.ServiceUrl))
                failures.Add("Reminders__ComplianceChannel__ServiceUrl is needed for a Teams channel.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
