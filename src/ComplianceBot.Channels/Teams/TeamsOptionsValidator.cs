using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Channels.Teams;

/// <summary>Start-up checks for the Teams section; messages name the environment variable to fix.</summary>
public sealed class TeamsOptionsValidator(IHostEnvironment environment) : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.AllowUnauthenticated && !environment.IsDevelopment())
            failures.Add("Teams__AllowUnauthenticated=true is only allowed in the Development environment (ASPNETCORE_ENVIRONMENT=Development).");
        if (!string.IsNullOrEmpty(options.AppId) && !options.AllowUnauthenticated && string.IsNullOrEmpty(options.AppPassword))
            failures.Add("Teams__AppPassword is required when Teams__AppId is set: the bot needs it to reply.");
        foreach (var (setting, url) in new[]
        {
            ("Teams__OpenIdMetadataUrl", options.OpenIdMetadataUrl), ("Teams__EntraOpenIdMetadataUrl", options.EntraOpenIdMetadataUrl),
            ("Teams__TokenEndpoint", options.TokenEndpoint), ("Teams__ServiceUrl", options.ServiceUrl), ("Teams__GraphBaseUrl", options.GraphBaseUrl),
        })
        {
            if (url is not null && !TeamsOptions.IsAcceptableEndpoint(url))
                failures.Add($"{setting} must be an https URL (http only to a loopback address, for local testing).");
        }

        if (options.TenantId is { Length: > 0 } tenant && !Guid.TryParse(tenant, out _))
            failures.Add("Teams__TenantId must be the tenant's GUID.");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
