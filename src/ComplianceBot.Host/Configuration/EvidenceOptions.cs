namespace ComplianceBot.Host.Configuration;

/// <summary>Section "Evidence": where evidence files live and which are accepted.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    /// <summary>"LocalFolder" (the default).</summary>
    public string Provider { get; set; } = "LocalFolder";

    public string LocalPath { get; set; } = "data/evidence";

    public long MaxBytes { get; set; } = 25 * 1024 * 1024;

    public List<string> AllowedContentTypes { get; set; } = [];
}
