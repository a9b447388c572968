using System.Security.Cryptography;
using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Filing;

/// <summary>
/// Files evidence: checks it against the policy, hashes it, stores the content write-once and records it.
/// The record is written only after the content is safely stored, so a refused or failed upload leaves nothing.
/// </summary>
public sealed class EvidenceLocker(
    IComplianceStore store, IEvidenceContentStore contents, AuditTrail audit, EvidencePolicy policy, TimeProvider time)
{
    public async Task<Evidence> FileAsync(EvidenceUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        await ValidateAsync(upload, cancellationToken);

        // Spool to a temporary file while hashing, so the size cap holds whatever the sender declared.
        var spool = Path.Combine(Path.GetTempPath(), $"cb-evidence-{Guid.NewGuid():N}");
        try
        {
            string sha256;
            long size;
            await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose))
            {
                (sha256, size) = await CopyHashingAsync(upload.Content, file, cancellationToken);
                file.Position = 0;
                var key = await contents.PutAsync(file, sha256, new EvidenceContentInfo(
                    upload.ContentType, string.Join(' ', upload.ControlIds), upload.UploadedBy), cancellationToken);
                var evidence = new Evidence
                {
                    Id = "EV-" + Guid.CreateVersion7(time.GetUtcNow()).ToString("N")[..20].ToUpperInvariant(),
                    ControlIds = upload.ControlIds.Select(c => c.ToUpperInvariant()).Distinct().ToList(),
                    FileName = Path.GetFileName(upload.FileName.Trim()),
                    SizeBytes = size,
                    ContentType = upload.ContentType.Split(';')[0].Trim().ToLowerInvariant(),
                    Sha256 = sha256,
                    StorageKey = key,
                    EffectiveOn = upload.EffectiveOn,
                    ExpiresOn = upload.ExpiresOn,
                    UploadedAt = time.GetUtcNow(),
                    UploadedBy = upload.UploadedBy,
                    SourceLink = upload.SourceLink,
                    Review = upload.Review,
                };
                await store.CreateAsync(evidence, cancellationToken);
                await audit.RecordAsync(upload.UploadedBy, "evidence.filed", Evidence.Kind, evidence.Id,
                    $"controls={string.Join(' ', evidence.ControlIds)} sha256={sha256} bytes={size} review={evidence.Review}", cancellationToken);
                return evidence;
            }
        }
        finally
        {
            File.Delete(spool);
        }
    }

    private async Task ValidateAsync(EvidenceUpload upload, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(upload.FileName))
            errors.Add(new("fileName", "The file has no name."));
        if (!policy.Allows(upload.ContentType))
            errors.Add(new("file", $"Files of type {upload.ContentType} are not accepted as evidence. Accepted: PDF, images, text, CSV, JSON, ZIP and Office documents."));
        if (upload.DeclaredSize > policy.MaxBytes)
            errors.Add(new("file", TooLarge(upload.DeclaredSize.Value)));
        if (upload.ControlIds.Count == 0)
            errors.Add(new("control", "Choose the control this file is evidence for."));
        foreach (var id in upload.ControlIds)
        {
            if (await store.FindAsync<Control>(id.ToUpperInvariant(), cancellationToken) is null)
                errors.Add(new("control", $"There is no control {id}."));
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (upload.EffectiveOn > today.AddDays(1))
            errors.Add(new("effectiveDate", "The effective date cannot be in the future."));
        if (upload.ExpiresOn is { } expires && expires < upload.EffectiveOn)
            errors.Add(new("expiryDate", "The expiry date must come after the effective date."));
        if (errors.Count > 0) throw new ValidationFailedException(errors);
    }

    private async Task<(string Sha256, long Size)> CopyHashingAsync(Stream source, Stream target, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            size += read;
            if (size > policy.MaxBytes) throw new ValidationFailedException("file", TooLarge(size));
            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        if (size == 0) throw new ValidationFailedException("file", "The file is empty.");
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
    }

    private string TooLarge(long size) =>
        $"The file is {size / 1024.0 / 1024.0:0.#} MB; evidence files can be at most {policy.MaxBytes / 1024.0 / 1024.0:0.#} MB.";
}
