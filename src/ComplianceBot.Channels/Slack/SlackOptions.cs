namespace ComplianceBot.Channels.Slack;

/// <summary>
/// Section "Slack": the Slack app's credentials and where its Web API is. Slack is on when
/// <see cref="Enabled"/> says so, or, when that is unset, as soon as a bot token or signing secret is configured;
/// once on, both are required, so requests are never accepted unverified.
/// </summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    public const string DefaultApiBaseUrl = "https://slack.com/api/";

    /// <summary>Turns Slack on or off explicitly; unset means "on when credentials are configured".</summary>
    public bool? Enabled { get; set; }

    /// <summary>Signs every request Slack sends us (Basic Information → Signing Secret). A secret: environment or secret store only.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The bot user OAuth token (xoxb-…) for the Web API and file downloads. A secret: never logged.</summary>
    public string? BotToken { get; set; }

    /// <summary>The Web API base (GovSlack: https://slack-gov.com/api/). http:// only on a loopback host, for tests.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>The workspace (T…) whose members are enrolled on first contact; without it, the members of any workspace the app is installed in.</summary>
    public string? TeamId { get; set; }

    public bool IsEnabled => Enabled ?? (!string.IsNullOrEmpty(BotToken) || !string.IsNullOrEmpty(SigningSecret));

    /// <summary>The base URL as a Uri ending in '/', so method names resolve beneath it.</summary>
    public Uri ApiBase => new(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/", UriKind.Absolute);

    /// <summary>True when <paramref name="url"/> is https, or http to a loopback host (a local fake in tests).</summary>
    public static bool IsAcceptableEndpoint(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    // Keeps the secrets out of anything that prints the options.
    public override string ToString() =>
        $"Slack {{ Enabled = {IsEnabled}, ApiBaseUrl = {ApiBaseUrl}, SigningSecret = {(string.IsNullOrEmpty(SigningSecret) ? "unset" : "set")}, BotToken = {(string.IsNullOrEmpty(BotToken) ? "unset" : "set")} }}";
}
