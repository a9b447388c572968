using Microsoft.Extensions.Options;

namespace ComplianceBot.Channels.Slack;

/// <summary>Start-up checks for the Slack section; messages name the environment variable to fix and never a secret's value.</summary>
public sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!SlackOptions.IsAcceptableEndpoint(options.ApiBaseUrl))
            failures.Add("Slack__ApiBaseUrl must be an absolute https URL (http only to a loopback host, for local testing).");
        if (!options.IsEnabled) return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;

        if (string.IsNullOrWhiteSpace(options.SigningSecret))
            failures.Add("Slack__SigningSecret is required when Slack is enabled: without it requests from Slack cannot be verified.");
        if (string.IsNullOrWhiteSpace(options.BotToken))
            failures.Add("Slack__BotToken is required when Slack is enabled: the bot needs it to reply.");
        else if (!options.BotToken.StartsWith("xoxb-", StringComparison.Ordinal))
            failures.Add("Slack__BotToken must be the bot user OAuth token (it starts with xoxb-).");
        if (options.TeamId is { Length: > 0 } team && (team[0] != 'T' || team.Length > 20 || !team.All(char.IsAsciiLetterOrDigit)))
            failures.Add($"Slack__TeamId '{team}' is not a workspace id (they look like T0123ABCD).");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
