namespace ComplianceBot.Host.Configuration;

/// <summary>
/// Section "Api": bearer keys for the HTTP API. Set them in the environment (Api__Key, Api__AdminKey), never in a file.
/// </summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Reads the auditor endpoints.</summary>
    public string? Key { get; set; }

    /// <summary>Reads, and changes the control library, applicability decisions and people.</summary>
    public string? AdminKey { get; set; }
}
