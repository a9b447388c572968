using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Library;
using ComplianceBot.Core.People;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Reports;
using ComplianceBot.Core.Risks;
using ComplianceBot.Host.Startup;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Configuration;

public static class ComplianceServices
{
    /// <summary>Options (validated at start), the store and evidence seams, and the compliance domain.</summary>
    public static WebApplicationBuilder AddComplianceCore(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        AddValidated<StorageOptions, StorageOptionsValidator>(services, builder.Configuration, StorageOptions.Section);
        AddValidated<EvidenceOptions, EvidenceOptionsValidator>(services, builder.Configuration, EvidenceOptions.Section);
        AddValidated<ComplianceOptions, ComplianceOptionsValidator>(services, builder.Configuration, ComplianceOptions.Section);
        AddValidated<ApiOptions, ApiOptionsValidator>(services, builder.Configuration, ApiOptions.Section);
        AddValidated<CosmosOptions, CosmosOptionsValidator>(services, builder.Configuration, CosmosOptions.Section);
        AddValidated<RiskOptions, RiskOptionsValidator>(services, builder.Configuration, RiskOptions.Section);
        services.AddOptions<BootstrapOptions>().Bind(builder.Configuration.GetSection(BootstrapOptions.Section));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(FrameworkCatalog.Default);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ComplianceOptions>>().Value;
            return new CompliancePolicy(
                new Soc2Scope(options.Soc2Categories),
                TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone),
                options.AttestationDueDays,
                ObservationWindow.TryParse(options.ObservationWindowStart, options.ObservationWindowEnd, out var window, out _) ? window : null,
                Days.TryParse(options.StartDate, out var day) ? day : null);
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EvidenceOptions>>().Value;
            return new EvidencePolicy(
                options.MaxBytes,
                options.AllowedContentTypes.Count > 0 ? options.AllowedContentTypes : EvidencePolicy.Default.AllowedContentTypes);
        });
        services.AddStores();

        services.AddSingleton<AuditTrail>();
        services.AddSingleton<ControlLibrary>();
        services.AddSingleton<CoverageEngine>();
        services.AddSingleton<CoverageHistory>();
        services.AddSingleton<ReadinessEngine>();
        services.AddSingleton<AttestationBook>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RiskOptions>>().Value.ToCriteria());
        services.AddSingleton<RiskRegister>();
        services.AddSingleton<Core.Improvement.CorrectiveActions>();
        services.AddSingleton<EvidenceLocker>();
        services.AddSingleton<EvidenceReviews>();
        services.AddSingleton<AuditorReports>();
        services.AddSingleton<AuditPackage>();
        services.AddSingleton<PeopleDirectory>();
        services.AddSingleton<Core.Onboarding.PeopleImport>();
        services.AddSingleton<Core.Onboarding.OwnershipImport>();

        services.AddSingleton<Readiness>();
        services.AddHostedService<LibraryStartup>();
        services.AddHostedService<CoverageSnapshotter>();
        // /healthz/ready runs the checks tagged "ready"; /healthz/live none (the process answers).
        services.AddHealthChecks()
            .AddCheck<Readiness>("ready", tags: [HealthTags.Ready])
            .AddCheck<StoreHealth>("store", tags: [HealthTags.Ready])
            .AddCheck<InboxHealth>("inbox", tags: [HealthTags.Ready]);
        return builder;
    }

    private static void AddValidated<TOptions, TValidator>(IServiceCollection services, ConfigurationManager configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }
}
