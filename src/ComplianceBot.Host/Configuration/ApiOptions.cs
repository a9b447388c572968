namespace ComplianceBot.Host.Configuration;

/// <summary>Section "Api": the bearer key for the read-only auditor endpoints. Set it as Api__Key, never in a file.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    public string? Key { get; set; }
}
