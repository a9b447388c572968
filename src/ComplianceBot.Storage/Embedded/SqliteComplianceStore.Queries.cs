using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Storage.Embedded;

/// <summary>The queries the coverage engine, the reports and the inbox need, beyond reading documents by id.</summary>
public sealed partial class SqliteComplianceStore
{
    public async Task<IReadOnlyList<Attestation>> ListAttestationsAsync(
        IReadOnlyCollection<string> periods, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.Count == 0) return [];
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        var names = periods.Select((p, i) => (Name: $"$p{i}", Value: p)).ToList();
        command.CommandText = $"""
            SELECT etag, body FROM documents
            WHERE kind = 'attestation' AND json_extract(body, '$.period') IN ({string.Join(", ", names.Select(n => n.Name))});
            """;
        foreach (var (name, value) in names) command.Parameters.AddWithValue(name, value);
        return await ReadAllAsync(command, r => Read<Attestation>(r).Document, cancellationToken);
    }

    public async Task<IReadOnlyList<Attestation>> ListAttestationsForControlAsync(
        string controlId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, """
            SELECT etag, body FROM documents
            WHERE kind = 'attestation' AND json_extract(body, '$.controlId') = $control ORDER BY id;
            """, ("$control", controlId));
        return await ReadAllAsync(command, r => Read<Attestation>(r).Document, cancellationToken);
    }

    public async Task<IReadOnlyList<EvidenceFreshness>> ListEvidenceFreshnessAsync(
        DateOnly asOf, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, """
            SELECT control_id, MAX(effective_on), COUNT(*) FROM evidence_controls
            WHERE approved = 1 AND effective_on <= $day AND (expires_on IS NULL OR expires_on >= $day)
            GROUP BY control_id;
            """, ("$day", asOf.DayNumber));
        return await ReadAllAsync(command, r => new EvidenceFreshness(
            r.GetString(0), DateOnly.FromDayNumber(r.GetInt32(1)), r.GetInt32(2)), cancellationToken);
    }

    public async Task<IReadOnlyList<Evidence>> ListEvidenceAwaitingReviewAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, """
            SELECT etag, body FROM documents
            WHERE kind = 'evidence' AND json_extract(body, '$.review') IN ('submitted', 'awaitingOwner')
            ORDER BY json_extract(body, '$.uploadedAt'), id;
            """);
        return await ReadAllAsync(command, r => Read<Evidence>(r).Document, cancellationToken);
    }

    public async Task<IReadOnlyList<Evidence>> ListEvidenceForControlAsync(string controlId, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, """
            SELECT d.etag, d.body FROM evidence_controls l
            JOIN documents d ON d.kind = 'evidence' AND d.id = l.evidence_id
            WHERE l.control_id = $control ORDER BY l.effective_on DESC, l.evidence_id DESC;
            """, ("$control", controlId));
        return await ReadAllAsync(command, r => Read<Evidence>(r).Document, cancellationToken);
    }

    public IAsyncEnumerable<Evidence> StreamEvidenceAsync(CancellationToken cancellationToken = default) =>
        StreamAsync<Evidence>("SELECT etag, body FROM documents WHERE kind = 'evidence' ORDER BY id;", cancellationToken);

    public async Task<AuditEvent?> FindLastAuditEventAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, "SELECT etag, body FROM documents WHERE kind = 'audit' ORDER BY id DESC LIMIT 1;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read<AuditEvent>(reader).Document : null;
    }

    public IAsyncEnumerable<AuditEvent> StreamAuditTrailAsync(CancellationToken cancellationToken = default) =>
        StreamAsync<AuditEvent>("SELECT etag, body FROM documents WHERE kind = 'audit' ORDER BY id;", cancellationToken);
}
