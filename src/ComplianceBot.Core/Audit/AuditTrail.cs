using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Audit;

/// <summary>
/// Appends hash-chained events and verifies the chain. Appends from this process take turns (one chain, one
/// sequence number at a time), and each starts from the event this process wrote last; another instance that
/// appended meanwhile holds that sequence number already, so the create is refused, the last event is read from
/// the store and the new one chains onto it.
/// </summary>
public sealed class AuditTrail(IComplianceStore store, TimeProvider time) : IDisposable
{
    /// <summary>The "previous hash" of the first event.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private const int MaxAttempts = 50;

    private readonly SemaphoreSlim turn = new(1, 1);
    private AuditEvent? lastWritten;

    public async Task<AuditEvent> RecordAsync(
        string actor, string action, string entityKind, string entityId, string details = "",
        CancellationToken cancellationToken = default)
    {
        await turn.WaitAsync(cancellationToken);
        try
        {
            var last = lastWritten ?? await store.FindLastAuditEventAsync(cancellationToken);
            for (var attempt = 1; ; attempt++)
            {
                var draft = new AuditEvent
                {
                    Id = AuditEvent.IdFor((last?.Sequence ?? 0) + 1),
                    Sequence = (last?.Sequence ?? 0) + 1,
                    At = time.GetUtcNow(),
                    Actor = actor,
                    Action = action,
                    EntityKind = entityKind,
                    EntityId = entityId,
                    Details = details,
                    PreviousHash = last?.Hash ?? Genesis,
                    Hash = "",
                };
                var sealedEvent = draft with { Hash = HashOf(draft) };
                try
                {
                    return lastWritten = (await store.CreateAsync(sealedEvent, cancellationToken)).Document;
                }
                catch (DocumentExistsException) when (attempt < MaxAttempts)
                {
                    // Another instance took this sequence number: chain onto the newest event in the store.
                    lastWritten = null;
                    if (attempt > 1) await StoreExtensions.Backoff(attempt, cancellationToken);
                    last = await store.FindLastAuditEventAsync(cancellationToken);
                }
                catch
                {
                    lastWritten = null; // not known whether it was written: read the chain's end next time
                    throw;
                }
            }
        }
        finally
        {
            turn.Release();
        }
    }

    public void Dispose() => turn.Dispose();

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var expectedSequence = 1L;
        var previousHash = Genesis;
        await foreach (var entry in store.StreamAuditTrailAsync(cancellationToken))
        {
            var problem = entry.Sequence != expectedSequence
                ? $"expected event {expectedSequence} but found {entry.Sequence}: events are missing or reordered"
                : entry.PreviousHash != previousHash
                    ? "its previous-hash does not match the event before it"
                    : HashOf(entry) != entry.Hash
                        ? "its content does not match its hash: the event was altered"
                        : null;
            if (problem is not null)
            {
                return new AuditVerification(false, expectedSequence - 1, entry.Sequence, problem);
            }

            previousHash = entry.Hash;
            expectedSequence++;
        }

        return new AuditVerification(true, expectedSequence - 1, null, null);
    }

    /// <summary>SHA-256 over every field but the hash itself, in a fixed JSON array form.</summary>
    public static string HashOf(AuditEvent entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var canonical = JsonSerializer.SerializeToUtf8Bytes(
            new[]
            {
                entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                entry.At.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                entry.Actor, entry.Action, entry.EntityKind, entry.EntityId, entry.Details, entry.PreviousHash,
            });
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }
}

/// <summary>The outcome of walking the chain.</summary>
/// <param name="FirstBrokenSequence">The first event that fails the check, when one does.</param>
public sealed record AuditVerification(bool Intact, long EventsVerified, long? FirstBrokenSequence, string? Problem);
