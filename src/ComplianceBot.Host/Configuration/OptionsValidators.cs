using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Periods;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Configuration;

/// <summary>Start-up checks. Every message names the setting as it is written in the environment.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        !StoreProviders.IsEmbedded(options) && !StoreProviders.IsCosmos(options)
            ? ValidateOptionsResult.Fail($"Storage__Provider '{options.Provider}' is not available; use 'Embedded' or 'Cosmos'.")
            : StoreProviders.IsEmbedded(options) && string.IsNullOrWhiteSpace(options.EmbeddedPath)
                ? ValidateOptionsResult.Fail("Storage__EmbeddedPath must name the SQLite file.")
                : ValidateOptionsResult.Success;
}

internal sealed class EvidenceOptionsValidator : IValidateOptions<EvidenceOptions>
{
    public ValidateOptionsResult Validate(string? name, EvidenceOptions options)
    {
        var failures = new List<string>();
        if (!StoreProviders.IsLocalFolder(options) && !StoreProviders.IsAzureBlob(options))
            failures.Add($"Evidence__Provider '{options.Provider}' is not available; use 'LocalFolder' or 'AzureBlob'.");
        if (StoreProviders.IsLocalFolder(options) && string.IsNullOrWhiteSpace(options.LocalPath))
            failures.Add("Evidence__LocalPath must name a folder.");
        if (StoreProviders.IsAzureBlob(options)) failures.AddRange(AzureBlobFailures(options));
        if (options.MaxBytes is < 1024 or > 2L * 1024 * 1024 * 1024)
            failures.Add("Evidence__MaxBytes must be between 1024 and 2147483648.");
        if (options.AllowedContentTypes.Any(t => !t.Contains('/', StringComparison.Ordinal)))
            failures.Add("Evidence__AllowedContentTypes entries must be media types such as application/pdf.");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    private static IEnumerable<string> AzureBlobFailures(EvidenceOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString) == (options.BlobEndpoint is null))
            yield return "Evidence__Provider 'AzureBlob' needs either Evidence__ConnectionString or Evidence__BlobEndpoint (with a managed identity), not both.";
        if (options.BlobEndpoint is { } endpoint && !StoreProviders.IsSecureOrLoopback(endpoint))
            yield return $"Evidence__BlobEndpoint '{endpoint}' must be an absolute https:// URL.";
        if (!System.Text.RegularExpressions.Regex.IsMatch(options.Container, "^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$"))
            yield return $"Evidence__Container '{options.Container}' is not a valid container name (3–63 lower-case letters, digits and single hyphens).";
    }
}

/// <summary>Checked only when Storage__Provider is "Cosmos".</summary>
internal sealed class CosmosOptionsValidator(IOptions<StorageOptions> storage) : IValidateOptions<CosmosOptions>
{
    public ValidateOptionsResult Validate(string? name, CosmosOptions options)
    {
        if (!StoreProviders.IsCosmos(storage.Value)) return ValidateOptionsResult.Skip;
        var failures = new List<string>();
        if (options.Endpoint is null)
            failures.Add("Cosmos__Endpoint must be set when Storage__Provider is 'Cosmos' (e.g. https://account.documents.azure.com:443/).");
        else if (!StoreProviders.IsSecureOrLoopback(options.Endpoint))
            failures.Add($"Cosmos__Endpoint '{options.Endpoint}' must be an absolute https:// URL.");
        if (string.IsNullOrWhiteSpace(options.Database) || options.Database.Length > 255 || options.Database.IndexOfAny(['/', '\\', '?', '#']) >= 0 || options.Database.EndsWith(' '))
            failures.Add($"Cosmos__Database '{options.Database}' is not a valid database id.");
        if (!string.IsNullOrEmpty(options.Key) && !IsBase64(options.Key))
            failures.Add("Cosmos__Key is not an account key (base64); leave it unset to use the managed identity.");
        if (!string.Equals(options.ConnectionMode, "Direct", StringComparison.OrdinalIgnoreCase) && !string.Equals(options.ConnectionMode, "Gateway", StringComparison.OrdinalIgnoreCase))
            failures.Add($"Cosmos__ConnectionMode '{options.ConnectionMode}' must be 'Direct' or 'Gateway'.");
        if (options.SlowCallMilliseconds < 1) failures.Add("Cosmos__SlowCallMilliseconds must be at least 1.");
        if (options.MaxRetries is < 0 or > 20) failures.Add("Cosmos__MaxRetries must be between 0 and 20.");
        if (options.RetryBudgetSeconds is < 1 or > 300) failures.Add("Cosmos__RetryBudgetSeconds must be between 1 and 300.");
        if (options.StartupTimeoutSeconds is < 1 or > 600) failures.Add("Cosmos__StartupTimeoutSeconds must be between 1 and 600.");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    private static bool IsBase64(string value) => Convert.TryFromBase64String(value, new byte[value.Length], out _);
}

internal sealed class ComplianceOptionsValidator : IValidateOptions<ComplianceOptions>
{
    public ValidateOptionsResult Validate(string? name, ComplianceOptions options)
    {
        var failures = new List<string>();
        var unknown = options.Soc2Categories.Where(c => Soc2Categories.Normalise(c) is null).ToList();
        if (unknown.Count > 0)
            failures.Add($"Compliance__Soc2Categories has unknown categories ({string.Join(", ", unknown)}); choose from {string.Join(", ", Soc2Categories.All)}.");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
            failures.Add($"Compliance__TimeZone '{options.TimeZone}' is not a known time zone id (e.g. Europe/London).");
        if (options.AttestationDueDays is < 1 or > 365)
            failures.Add("Compliance__AttestationDueDays must be between 1 and 365.");
        if (options.StartDate is not null && !Days.TryParse(options.StartDate, out _))
            failures.Add($"Compliance__StartDate '{options.StartDate}' must be a day written yyyy-MM-dd, e.g. 2027-01-01.");
        if (options.ObservationWindowStart is not null || options.ObservationWindowEnd is not null)
        {
            if (string.IsNullOrWhiteSpace(options.ObservationWindowStart) || string.IsNullOrWhiteSpace(options.ObservationWindowEnd))
                failures.Add("Compliance__ObservationWindowStart and Compliance__ObservationWindowEnd go together: set both (yyyy-MM-dd) or neither.");
            else if (!ObservationWindow.TryParse(options.ObservationWindowStart, options.ObservationWindowEnd, out _, out var error))
                failures.Add($"Compliance__ObservationWindowStart/End: {error!.Replace("'from'", "the start", StringComparison.Ordinal).Replace("'to'", "the end", StringComparison.Ordinal)}");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}

internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        if (options.Key is { Length: > 0 and < 24 })
            failures.Add("Api__Key must be at least 24 characters; generate one with `openssl rand -base64 32`.");
        if (options.AdminKey is { Length: > 0 and < 24 })
            failures.Add("Api__AdminKey must be at least 24 characters; generate one with `openssl rand -base64 32`.");
        if (!string.IsNullOrEmpty(options.Key) && options.Key == options.AdminKey)
            failures.Add("Api__Key and Api__AdminKey must differ: auditors read, admins change.");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
