using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace ComplianceBot.Core.Reports;

/// <summary>
/// Checks an audit package offline: every file manifest.json lists is there with its size and SHA-256, nothing else
/// is, and the evidence checks made while it was built are reported.
/// </summary>
public static class AuditPackageVerifier
{
    public static AuditPackageCheck Verify(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        return Verify(file);
    }

    public static AuditPackageCheck Verify(Stream package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var problems = new List<string>();
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            return AuditPackageCheck.Unreadable($"Not a readable zip: {e.Message}");
        }

        using (zip)
        {
            var manifestEntry = zip.GetEntry(PackageZip.ManifestName);
            if (manifestEntry is null) return AuditPackageCheck.Unreadable("The package has no manifest.json.");
            JsonDocument manifest;
            try
            {
                using var manifestStream = manifestEntry.Open();
                manifest = JsonDocument.Parse(manifestStream);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException)
            {
                return AuditPackageCheck.Unreadable($"manifest.json cannot be read: {e.Message}");
            }

            using (manifest)
            {
                var root = manifest.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != AuditPackage.Format
                    || !root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
                    return AuditPackageCheck.Unreadable($"manifest.json is not a {AuditPackage.Format} manifest.");

                var listed = new HashSet<string>(StringComparer.Ordinal);
                var entries = zip.Entries.GroupBy(e => e.FullName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
                foreach (var item in files.EnumerateArray())
                {
                    var name = Text(item, "path");
                    var size = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) ? n : -1;
                    var sha = Text(item, "sha256");
                    listed.Add(name);
                    if (!entries.TryGetValue(name, out var found))
                    {
                        problems.Add($"{name}: listed in the manifest but not in the package.");
                        continue;
                    }

                    if (found.Count > 1) problems.Add($"{name}: appears {found.Count} times in the package.");
                    string actualSha;
                    long actualSize;
                    try
                    {
                        (actualSha, actualSize) = Hash(found[0]);
                    }
                    catch (InvalidDataException e)
                    {
                        problems.Add($"{name}: cannot be read back ({e.Message}).");
                        continue;
                    }

                    if (actualSize != size) problems.Add($"{name}: {actualSize:N0} bytes, the manifest says {size:N0}.");
                    if (!string.Equals(actualSha, sha, StringComparison.OrdinalIgnoreCase)) problems.Add($"{name}: SHA-256 {actualSha}, the manifest says {sha}.");
                }

                problems.AddRange(entries.Keys.Where(k => k != PackageZip.ManifestName && !listed.Contains(k)).Order(StringComparer.Ordinal)
                    .Select(k => $"{k}: in the package but not in the manifest."));

                var warnings = new List<string>();
                if (root.TryGetProperty("evidence", out var evidence) && evidence.ValueKind == JsonValueKind.Object)
                {
                    if (evidence.TryGetProperty("contentMismatch", out var mismatch) && mismatch.ValueKind == JsonValueKind.Array)
                        warnings.AddRange(mismatch.EnumerateArray().Select(m =>
                            $"Evidence {Text(m, "evidence")}: its stored file did not match its recorded SHA-256 when the package was built."));
                    if (evidence.TryGetProperty("contentMissing", out var gone) && gone.ValueKind == JsonValueKind.Array)
                        warnings.AddRange(gone.EnumerateArray().Select(m => $"Evidence {(m.ValueKind == JsonValueKind.String ? m.GetString() : "?")}: its file was missing from the evidence store when the package was built."));
                }

                var trail = root.TryGetProperty("auditTrail", out var t) ? t : default;
                return new AuditPackageCheck(problems.Count == 0, true, listed.Count, problems, warnings,
                    Text(root, "framework"), Text(root, "from"), Text(root, "to"), trail.ValueKind == JsonValueKind.Object ? Text(trail, "headHash") : null);
            }
        }
    }

    private static string Text(JsonElement item, string property) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static (string Sha256, long Size) Hash(ZipArchiveEntry entry)
    {
        using var content = entry.Open();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = content.Read(buffer)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            size += read;
        }

        return (Convert.ToHexStringLower(sha.GetHashAndReset()), size);
    }
}

/// <param name="Intact">Every listed file matches and nothing unlisted was added.</param>
/// <param name="Readable">The zip and its manifest could be read at all.</param>
/// <param name="Warnings">Findings recorded when the package was built (evidence that did not match its record).</param>
public sealed record AuditPackageCheck(
    bool Intact, bool Readable, int FilesChecked, IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings,
    string? Framework, string? From, string? To, string? AuditHeadHash)
{
    public static AuditPackageCheck Unreadable(string problem) => new(false, false, 0, [problem], [], null, null, null, null);
}
