using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Storage;

/// <summary>
/// Copies every record and every evidence file from one pair of stores into another (the embedded store and
/// local folder into Cosmos DB and Blob Storage), then verifies the copy: per kind, the same number of records
/// with the same content (a digest over their JSON); every file read back and checked against its SHA-256; the
/// audit chain intact. Safe to run again after an interruption: what is already there is left as it is.
/// Nothing may write to the source meanwhile.
/// </summary>
public sealed class StoreTransfer(
    IComplianceStore sourceRecords, IEvidenceContentStore sourceFiles,
    IComplianceStore targetRecords, IEvidenceContentStore targetFiles, TimeProvider time)
{
    private const int Chunk = 1000;
    private const int FileParallelism = 8;

    private static readonly IReadOnlyList<RecordKind> Kinds =
    [
        new RecordKind<Control>(), new RecordKind<Person>(), new RecordKind<RequirementDecision>(), new RecordKind<Risk>(), new RecordKind<Nonconformity>(),
        new RecordKind<Counter>(), new RecordKind<Attestation>(), new RecordKind<CoverageSnapshot>(),
        new RecordKind<ConversationReference>(), new RecordKind<EvidenceIntent>(), new RecordKind<PendingUpload>(),
        new RecordKind<Reminder>(), new RecordKind<Snooze>(), new RecordKind<Handoff>(), new RecordKind<DirectoryCursor>(),
        new RecordKind<DigestSubscription>(), new RecordKind<DigestChart>(),
        new RecordKind<Evidence>((store, ct) => store.StreamEvidenceAsync(ct)),
        new RecordKind<AuditEvent>((store, ct) => store.StreamAuditTrailAsync(ct)),
    ];

    /// <summary>The kinds a transfer copies: every kind of record there is.</summary>
    public static IReadOnlyList<string> KindsCopied { get; } = [.. Kinds.Select(k => k.Name)];

    public async Task<TransferReport> RunAsync(TextWriter progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var problems = new List<string>();
        var kinds = new List<KindReport>();
        foreach (var kind in Kinds)
        {
            var created = await kind.CopyAsync(sourceRecords, targetRecords, cancellationToken);
            var (sourceCount, sourceDigest) = await kind.SummariseAsync(sourceRecords, cancellationToken);
            var (targetCount, targetDigest) = await kind.SummariseAsync(targetRecords, cancellationToken);
            var report = new KindReport(kind.Name, sourceCount, created, targetCount, sourceDigest == targetDigest);
            kinds.Add(report);
            await progress.WriteLineAsync($"{kind.Name}: {sourceCount} in source, {created} copied now, {targetCount} in target{(report.Matches ? ", content matches" : ", CONTENT DIFFERS")}");
            if (!report.Matches)
                problems.Add($"{kind.Name}: source and target differ ({sourceCount} and {targetCount} records); did the target hold records before the move?");
        }

        var (files, copied, fileProblems) = await CopyFilesAsync(cancellationToken);
        problems.AddRange(fileProblems);
        await progress.WriteLineAsync($"evidence files: {files} distinct, {copied} copied now, {files - fileProblems.Count} verified by SHA-256");

        var chain = await new AuditTrail(targetRecords, time).VerifyAsync(cancellationToken);
        if (!chain.Intact) problems.Add($"audit trail in the target is broken at event {chain.FirstBrokenSequence}: {chain.Problem}");
        await progress.WriteLineAsync($"audit trail in target: {chain.EventsVerified} events, {(chain.Intact ? "chain intact" : "CHAIN BROKEN")}");
        return new TransferReport(kinds, files, copied, problems);
    }

    private async Task<(int Files, int Copied, List<string> Problems)> CopyFilesAsync(CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, Evidence>(StringComparer.Ordinal);
        await foreach (var evidence in sourceRecords.StreamEvidenceAsync(cancellationToken))
        {
            files.TryAdd(evidence.StorageKey, evidence);
        }

        var copied = 0;
        var problems = new List<string>();
        await Parallel.ForEachAsync(files.Values, new ParallelOptions { MaxDegreeOfParallelism = FileParallelism, CancellationToken = cancellationToken },
            async (evidence, ct) =>
            {
                var problem = await CopyFileAsync(evidence, () => Interlocked.Increment(ref copied), ct) ?? await VerifyFileAsync(evidence, ct);
                if (problem is not null) lock (problems) problems.Add(problem);
            });
        return (files.Count, copied, problems);
    }

    private async Task<string?> CopyFileAsync(Evidence evidence, Action copied, CancellationToken cancellationToken)
    {
        if (await targetFiles.ExistsAsync(evidence.StorageKey, cancellationToken)) return null;
        await using var content = await sourceFiles.OpenReadAsync(evidence.StorageKey, cancellationToken);
        if (content is null) return $"evidence {evidence.Id}: its file {evidence.StorageKey} is missing from the source";
        try
        {
            await targetFiles.PutAsync(content, evidence.Sha256, new EvidenceContentInfo(
                evidence.ContentType, string.Join(' ', evidence.ControlIds), evidence.UploadedBy), cancellationToken);
            copied();
            return null;
        }
        catch (EvidenceIntegrityException e)
        {
            return $"evidence {evidence.Id}: the source file does not match its SHA-256 ({e.Message})";
        }
    }

    private async Task<string?> VerifyFileAsync(Evidence evidence, CancellationToken cancellationToken)
    {
        await using var content = await targetFiles.OpenReadAsync(evidence.StorageKey, cancellationToken);
        if (content is null) return $"evidence {evidence.Id}: {evidence.StorageKey} is missing from the target";
        try
        {
            await content.CopyToAsync(Stream.Null, cancellationToken);
            return null;
        }
        catch (EvidenceIntegrityException e)
        {
            return $"evidence {evidence.Id}: the copy does not match its SHA-256 ({e.Message})";
        }
    }

    private abstract class RecordKind
    {
        public abstract string Name { get; }

        public abstract Task<int> CopyAsync(IComplianceStore source, IComplianceStore target, CancellationToken cancellationToken);

        /// <summary>How many records, and a digest of their JSON that does not depend on the order they are read in.</summary>
        public abstract Task<(int Count, string Digest)> SummariseAsync(IComplianceStore store, CancellationToken cancellationToken);
    }

    private sealed class RecordKind<T>(Func<IComplianceStore, CancellationToken, IAsyncEnumerable<T>>? stream = null) : RecordKind
        where T : class, IDocument
    {
        public override string Name => T.Kind;

        public override async Task<int> CopyAsync(IComplianceStore source, IComplianceStore target, CancellationToken cancellationToken)
        {
            var created = 0;
            var chunk = new List<T>(Chunk);
            await foreach (var document in ReadAsync(source, cancellationToken))
            {
                chunk.Add(document);
                if (chunk.Count < Chunk) continue;
                created += await target.ImportAsync(chunk, cancellationToken);
                chunk.Clear();
            }

            return created + (chunk.Count > 0 ? await target.ImportAsync(chunk, cancellationToken) : 0);
        }

        public override async Task<(int Count, string Digest)> SummariseAsync(IComplianceStore store, CancellationToken cancellationToken)
        {
            var hashes = new List<string>();
            await foreach (var document in ReadAsync(store, cancellationToken))
            {
                hashes.Add(Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(document, ComplianceJson.Options))));
            }

            hashes.Sort(StringComparer.Ordinal);
            return (hashes.Count, Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Concat(hashes)))));
        }

        private async IAsyncEnumerable<T> ReadAsync(IComplianceStore store, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (stream is not null)
            {
                await foreach (var document in stream(store, cancellationToken)) yield return document;
                yield break;
            }

            foreach (var stored in await store.ListAsync<T>(cancellationToken)) yield return stored.Document;
        }
    }
}

/// <summary>What a transfer found: per kind, and the problems that make it unverified.</summary>
public sealed record TransferReport(IReadOnlyList<KindReport> Kinds, int Files, int FilesCopied, IReadOnlyList<string> Problems)
{
    public bool Verified => Problems.Count == 0;
}

public sealed record KindReport(string Kind, int InSource, int CopiedNow, int InTarget, bool Matches);
