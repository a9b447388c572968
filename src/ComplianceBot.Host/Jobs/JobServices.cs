using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Reminders;
using ComplianceBot.Core.Storage;
using ComplianceBot.Host.Charts;
using ComplianceBot.Host.Startup;
using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Jobs;

public static class JobServices
{
    /// <summary>Hangfire (storage by configuration), the recurring jobs, and the reminder, campaign and digest machinery.</summary>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<JobsOptions>().Bind(builder.Configuration.GetSection(JobsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        services.AddOptions<RemindersOptions>().Bind(builder.Configuration.GetSection(RemindersOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RemindersOptions>, RemindersOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RemindersOptions>>().Value.ToPolicy(sp.GetRequiredService<IOptions<JobsOptions>>().Value));

        services.AddSingleton(JobInstance.Create());
        services.TryAddSingleton<ChatAddressBook>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            return new FanOut(sp.GetRequiredService<TimeProvider>(), new Dictionary<string, PlatformLimits>
            {
                [Platforms.Teams] = PlatformLimits.Teams,
                [Platforms.Slack] = PlatformLimits.Slack with { PerWorkspace = new SendRate(options.SlackMessagesPerMinute, TimeSpan.FromMinutes(1)) },
            });
        });
        services.AddSingleton<ReminderDelivery>();
        services.AddSingleton<ReminderPlanner>();
        services.AddSingleton<ReminderDispatcher>();
        services.AddSingleton<AttestationCampaign>();
        services.AddTransient<ReminderJob>();
        services.AddTransient<CampaignJob>();
        services.AddSingleton<IJobTrigger, RecurringJobTrigger>();
        services.AddSingleton(sp => new DigestSettings(
            sp.GetRequiredService<IOptions<JobsOptions>>().Value.PublicBaseUrl is { } url ? new Uri(url.TrimEnd('/') + "/") : null));
        services.AddSingleton<ICoverageChart, CoverageTrendChart>();
        services.AddSingleton<DigestBuilder>();
        services.AddSingleton<DigestComposer>();
        services.AddSingleton<DigestDispatcher>();
        services.AddTransient<DigestJob>();
        services.AddSingleton<Core.People.DirectorySync>();
        services.AddTransient<DirectorySyncJob>();

        services.AddHangfire((sp, config) => JobStorageChoice.Use(config
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings(), sp));
        if (builder.Configuration.GetValue($"{JobsOptions.Section}:{nameof(JobsOptions.RunServer)}", true))
        {
            services.AddHangfireServer((sp, server) =>
            {
                var options = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
                server.ServerName = sp.GetRequiredService<JobInstance>().Id;
                server.WorkerCount = options.Workers;
                server.SchedulePollingInterval = TimeSpan.FromSeconds(options.PollSeconds);

                // Jobs are activated from this host's services. Left unset, the server takes Hangfire's process-wide
                // activator: the one of whichever host configured Hangfire last in the process (one that may be gone).
                server.Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>());
            });
        }

        services.AddHostedService<RecurringJobs>();
        services.AddSingleton<DashboardAccess>();
        services.AddHealthChecks().AddCheck<JobServerHealth>("jobs", tags: [HealthTags.Ready]);
        return builder;
    }

    /// <summary>The dashboard at /hangfire: admin key over HTTP Basic, or a loopback request in Development.</summary>
    public static WebApplication MapJobs(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [app.Services.GetRequiredService<DashboardAccess>()],
            DashboardTitle = "ComplianceBot jobs",
            DisplayStorageConnectionString = false,
        });
        return app;
    }
}

/// <summary>This host's name in the job server list and the reminder ledger.</summary>
public sealed record JobInstance(string Id)
{
    public static JobInstance Create() => new($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}");
}
