using ComplianceBot.Channels.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Tests.Slack;

public class SlackRegistrationTests
{
    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection().AddLogging().AddSlackProtocol(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Slack_enabled_without_a_signing_secret_fails_validation_naming_the_setting()
    {
        using var services = Services(("Slack:Enabled", "true"), ("Slack:BotToken", "xoxb-1"));
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<SlackOptions>());
        Assert.Contains("Slack__SigningSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_verifier_and_the_Web_API_client_resolve_from_configuration()
    {
        using var services = Services(("Slack:SigningSecret", "s3cret"), ("Slack:BotToken", "xoxb-1"), ("Slack:ApiBaseUrl", "http://127.0.0.1:9/api"));

        Assert.True(services.GetRequiredService<SlackOptions>().IsEnabled);
        Assert.NotNull(services.GetRequiredService<SlackRequestVerifier>());
        Assert.NotNull(services.GetRequiredService<SlackWebApiClient>());
        Assert.Equal("http://127.0.0.1:9/api/", services.GetRequiredService<SlackOptions>().ApiBase.ToString());
    }
}
