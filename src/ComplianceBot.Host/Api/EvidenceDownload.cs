using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Host.Api;

/// <summary>
/// `GET /api/evidence/{evidenceId}/content` for auditors: a redirect to a short-lived read-only link where the
/// content store gives them (Blob Storage), otherwise the content itself, checked against its SHA-256 as sent.
/// </summary>
internal static class EvidenceDownload
{
    private static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(5);

    public static async Task<IResult> GetAsync(
        string evidenceId, IComplianceStore store, IEvidenceContentStore contents, CancellationToken cancellationToken)
    {
        var evidence = evidenceId.Length <= 64 ? (await store.FindAsync<Evidence>(evidenceId, cancellationToken))?.Document : null;
        if (evidence is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "There is no evidence with that id.");

        if (contents is IEvidenceReadLinks links
            && await links.CreateReadLinkAsync(evidence.StorageKey, evidence.FileName, LinkLifetime, cancellationToken) is { } link)
        {
            return Results.Redirect(link.ToString());
        }

        var content = await contents.OpenReadAsync(evidence.StorageKey, cancellationToken);
        return content is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Content missing", detail: $"The file of {evidence.Id} is not in the evidence store.")
            : Results.Stream(content, evidence.ContentType, evidence.FileName);
    }
}
