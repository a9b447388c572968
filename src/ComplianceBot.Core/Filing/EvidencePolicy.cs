namespace ComplianceBot.Core.Filing;

/// <summary>What evidence is accepted: a size cap and the content types allowed.</summary>
public sealed record EvidencePolicy(long MaxBytes, IReadOnlyCollection<string> AllowedContentTypes)
{
    public static EvidencePolicy Default { get; } = new(
        25 * 1024 * 1024,
        [
            "application/pdf", "image/png", "image/jpeg", "text/plain", "text/csv", "application/json",
            "application/zip",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ]);

    public bool Allows(string contentType) =>
        AllowedContentTypes.Contains(contentType.Split(';')[0].Trim(), StringComparer.OrdinalIgnoreCase);
}
