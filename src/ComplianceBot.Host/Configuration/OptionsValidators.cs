using ComplianceBot.Core.Frameworks;
using Microsoft.Extensions.Options;

namespace ComplianceBot.Host.Configuration;

/// <summary>Start-up checks. Every message names the setting as it is written in the environment.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        !string.Equals(options.Provider, "Embedded", StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Fail($"Storage__Provider '{options.Provider}' is not available; use 'Embedded'.")
            : string.IsNullOrWhiteSpace(options.EmbeddedPath)
                ? ValidateOptionsResult.Fail("Storage__EmbeddedPath must name the SQLite file.")
                : ValidateOptionsResult.Success;
}

internal sealed class EvidenceOptionsValidator : IValidateOptions<EvidenceOptions>
{
    public ValidateOptionsResult Validate(string? name, EvidenceOptions options)
    {
        var failures = new List<string>();
        if (!string.Equals(options.Provider, "LocalFolder", StringComparison.OrdinalIgnoreCase))
            failures.Add($"Evidence__Provider '{options.Provider}' is not available; use 'LocalFolder'.");
        if (string.IsNullOrWhiteSpace(options.LocalPath))
            failures.Add("Evidence__LocalPath must name a folder.");
        if (options.MaxBytes is < 1024 or > 2L * 1024 * 1024 * 1024)
            failures.Add("Evidence__MaxBytes must be between 1024 and 2147483648.");
        if (options.AllowedContentTypes.Any(t => !t.Contains('/', StringComparison.Ordinal)))
            failures.Add("Evidence__AllowedContentTypes entries must be media types such as application/pdf.");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
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
