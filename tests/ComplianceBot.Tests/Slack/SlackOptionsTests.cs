using ComplianceBot.Channels.Slack;

namespace ComplianceBot.Tests.Slack;

public class SlackOptionsTests
{
    private static List<string> Failures(SlackOptions options) =>
        new SlackOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Slack_is_off_and_valid_when_nothing_is_configured()
    {
        var options = new SlackOptions();
        Assert.False(options.IsEnabled);
        Assert.Empty(Failures(options));
        Assert.Equal("https://slack.com/api/", options.ApiBase.ToString());
    }

    [Fact]
    public void A_bot_token_alone_turns_Slack_on_and_the_missing_signing_secret_is_named()
    {
        var failures = Failures(new SlackOptions { BotToken = "xoxb-1-2-abc" });
        Assert.Contains(failures, f => f.Contains("Slack__SigningSecret", StringComparison.Ordinal));
    }

    [Fact]
    public void Enabled_without_credentials_names_both_settings()
    {
        var failures = Failures(new SlackOptions { Enabled = true });
        Assert.Contains(failures, f => f.Contains("Slack__SigningSecret", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Slack__BotToken", StringComparison.Ordinal));
    }

    [Fact]
    public void Explicitly_disabled_ignores_the_credentials()
    {
        var options = new SlackOptions { Enabled = false, BotToken = "xoxb-1" };
        Assert.False(options.IsEnabled);
        Assert.Empty(Failures(options));
    }

    [Fact]
    public void A_user_token_is_refused_without_echoing_it()
    {
        var failures = Failures(new SlackOptions { SigningSecret = "s", BotToken = "xoxp-secret-value" });
        var failure = Assert.Single(failures);
        Assert.Contains("Slack__BotToken", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_configuration_is_valid()
    {
        Assert.Empty(Failures(new SlackOptions { SigningSecret = "s", BotToken = "xoxb-1", ApiBaseUrl = "https://slack-gov.com/api" }));
        Assert.Equal("https://slack-gov.com/api/", new SlackOptions { ApiBaseUrl = "https://slack-gov.com/api" }.ApiBase.ToString());
    }

    [Theory]
    [InlineData("http://slack.example/api/", false)]
    [InlineData("http://127.0.0.1:5050/api/", true)]
    [InlineData("http://localhost:5050/api/", true)]
    [InlineData("http://[::1]:5050/api/", true)]
    [InlineData("ftp://slack.com/api/", false)]
    [InlineData("/api/", false)]
    [InlineData("https://slack.com/api/", true)]
    public void The_api_base_must_be_https_except_on_loopback(string url, bool accepted)
    {
        var failures = Failures(new SlackOptions { ApiBaseUrl = url });
        Assert.Equal(accepted, failures.Count == 0);
        if (!accepted) Assert.Contains("Slack__ApiBaseUrl", failures[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Printing_the_options_shows_no_secret()
    {
        var text = new SlackOptions { SigningSecret = "sign-me", BotToken = "xoxb-do-not-print" }.ToString();
        Assert.DoesNotContain("sign-me", text, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-print", text, StringComparison.Ordinal);
    }
}
