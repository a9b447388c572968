using ComplianceBot.Channels.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Channels.Slack;

public static class SlackRegistration
{
    /// <summary>
    /// The Slack protocol pieces: options (validated at start: Slack enabled without a signing secret refuses to
    /// start), the request verifier and the Web API client. Endpoints and the channel are added on top of these.
    /// </summary>
    public static IServiceCollection AddSlackProtocol(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SlackOptions>().Bind(configuration.GetSection(SlackOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SlackOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SlackRequestVerifier(sp.GetRequiredService<SlackOptions>(), sp.GetRequiredService<TimeProvider>()));

        // Redirects are followed by the client itself, so the bot token never follows one to another host. The
        // client logs its own failures; the factory's per-request lines would only add noise.
        services.AddHttpClient<SlackWebApiClient>(c => c.Timeout = ChatHttpResilience.ClientTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .RemoveAllLoggers()
            .AddChatResilience("slack");
        services.AddSingleton<SlackFileSource>();
        return services;
    }

    /// <summary>The Slack channel on top of the protocol: the bot that runs the conversations and the channel seam.</summary>
    public static IServiceCollection AddSlackChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSlackProtocol(configuration);
        services.AddSingleton<SlackChannel>();
        services.AddSingleton<Core.Chat.IChatChannel>(sp => sp.GetRequiredService<SlackChannel>());
        services.AddNotices();
        services.AddSingleton<SlackBot>();
        services.AddSingleton<Core.People.IDirectorySource, SlackDirectorySource>();
        services.AddSingleton<Core.Inbox.IInboxHandler>(sp => sp.GetRequiredService<SlackBot>());
        return services;
    }
}
