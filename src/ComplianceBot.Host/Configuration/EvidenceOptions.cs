namespace ComplianceBot.Host.Configuration;

/// <summary>Section "Evidence": where evidence files live and which are accepted.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    /// <summary>"LocalFolder" (the default) or "AzureBlob".</summary>
    public string Provider { get; set; } = "LocalFolder";

    public string LocalPath { get; set; } = "data/evidence";

    /// <summary>Azure Blob Storage with an account key or SAS (a secret: environment or Key Vault only).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Azure Blob Storage through Entra ID (DefaultAzureCredential), e.g. https://account.blob.core.windows.net.</summary>
    public Uri? BlobEndpoint { get; set; }

    public string Container { get; set; } = "evidence";

    /// <summary>Create the blob container at start when missing (turn off where the identity may not).</summary>
    public bool CreateContainer { get; set; } = true;

    public long MaxBytes { get; set; } = 25 * 1024 * 1024;

    public List<string> AllowedContentTypes { get; set; } = [];
}
