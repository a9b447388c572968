using ComplianceBot.Channels.Http;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Inbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Channels.Teams;

public static partial class TeamsRegistration
{
    /// <summary>The Teams channel: options (validated at start), token verification, the connector, the bot.</summary>
    public static IServiceCollection AddTeamsChannel(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TeamsOptions>().Bind(configuration.GetSection(TeamsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TeamsOptions>>().Value);

        services.AddHttpClient(nameof(OpenIdMetadataCache));
        // The connector client logs its own failures; the factory's per-request lines would add conversation ids
        // to the log and cost on every send.
        services.AddHttpClient<ConnectorClient>(c => c.Timeout = ChatHttpResilience.ClientTimeout).RemoveAllLoggers().AddChatResilience("teams-connector");
        services.AddHttpClient<TeamsFileSource>(c => c.Timeout = TimeSpan.FromMinutes(5)).AddChatResilience("teams-files");
        services.AddHttpClient<ClientCredentialsTokenProvider>();
        services.AddSingleton<IBotTokenProvider>(sp => sp.GetRequiredService<ClientCredentialsTokenProvider>());
        services.AddHttpClient(nameof(GraphDirectorySource.Token));
        services.AddSingleton(sp => new GraphDirectorySource.Token(new ClientCredentialsTokenProvider(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(GraphDirectorySource.Token)), sp.GetRequiredService<TeamsOptions>(),
            sp.GetRequiredService<TimeProvider>(), ClientCredentialsTokenProvider.GraphScope)));
        services.AddHttpClient<GraphDirectorySource>().AddChatResilience("graph");
        services.AddSingleton<Core.People.IDirectorySource>(sp => sp.GetRequiredService<GraphDirectorySource>());
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<TeamsOptions>();
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(OpenIdMetadataCache));
            var time = sp.GetRequiredService<TimeProvider>();
            return new BotFrameworkAuthenticator(
                options,
                new OpenIdMetadataCache(options.OpenIdMetadataUrl, http, time),
                options.ResolvedEntraMetadataUrl is { } entra ? new OpenIdMetadataCache(entra, http, time) : null,
                time);
        });
        services.AddSingleton<TeamsChannel>();
        services.AddSingleton<IChatChannel>(sp => sp.GetRequiredService<TeamsChannel>());
        services.AddNotices();
        services.AddSingleton<TeamsBot>();
        services.AddSingleton<IInboxHandler>(sp => sp.GetRequiredService<TeamsBot>());
        services.AddHostedService<DevelopmentModeWarning>();
        return services;
    }

    /// <summary>Says loudly, at every start, that Teams activities are accepted without a token.</summary>
    private sealed partial class DevelopmentModeWarning(TeamsOptions options, ILogger<DevelopmentModeWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.AllowUnauthenticated) LogUnauthenticated();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message = "DEVELOPMENT MODE: Teams activities are accepted WITHOUT authentication (Teams__AllowUnauthenticated=true), and only from loopback serviceUrls. Never use this outside a developer machine.")]
        private partial void LogUnauthenticated();
    }
}
