using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.People;

/// <summary>
/// Keeps the people ComplianceBot knows in step with the platforms' directories: names, managers and time zones;
/// and leavers (deleted or disabled there) are marked, lose their roles, and their controls go back to the admins'
/// "no owner" list (as owner, delegate or reviewer), each change in the audit trail. People the bot does not know
/// yet are left to enrol on first contact. Safe to run twice: a second run finds nothing to change.
/// </summary>
public sealed class DirectorySync(IEnumerable<IDirectorySource> sources, IComplianceStore store, AuditTrail audit, CompliancePolicy policy, TimeProvider time)
{
    public async Task<IReadOnlyList<DirectorySyncReport>> SyncAsync(CancellationToken cancellationToken = default)
    {
        var reports = new List<DirectorySyncReport>();
        foreach (var source in sources.Where(s => s.Configured))
        {
            var cursorId = DirectoryCursor.IdFor(source.Platform);
            var cursor = (await store.FindAsync<DirectoryCursor>(cursorId, cancellationToken))?.Document;
            var read = await source.ReadAsync(cursor?.Cursor, cancellationToken);
            var report = await ApplyAsync(source.Platform, read.Entries, cancellationToken);
            await store.UpsertAsync(new DirectoryCursor { Id = cursorId, Cursor = read.Cursor, SyncedAt = time.GetUtcNow() }, cancellationToken);
            reports.Add(report);
        }

        return reports;
    }

    private async Task<DirectorySyncReport> ApplyAsync(string platform, IReadOnlyList<DirectoryEntry> entries, CancellationToken cancellationToken)
    {
        var people = (await store.ListAsync<Person>(cancellationToken)).Select(p => p.Document).ToList();
        var byEmail = people.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var byDirectoryId = people.Where(p => p.DirectoryId is not null).GroupBy(p => p.DirectoryId!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // Managers are named by directory id (Graph): the entries read now tell whose email that is.
        var emailOfId = entries.Where(e => e.DirectoryId is not null && e.Email is not null).GroupBy(e => e.DirectoryId!)
            .ToDictionary(g => g.Key, g => Person.IdFor(g.First().Email!), StringComparer.Ordinal);
        foreach (var (id, person) in byDirectoryId) emailOfId.TryAdd(id, person.Id);

        int updated = 0, left = 0, unowned = 0;
        var today = policy.Today(time.GetUtcNow());
        foreach (var entry in entries)
        {
            var person = entry.Email is { } email && byEmail.TryGetValue(Person.IdFor(email), out var known) ? known
                : entry.DirectoryId is { } directoryId ? byDirectoryId.GetValueOrDefault(directoryId) : null;
            if (person is null) continue; // enrolled when they first write

            if (!entry.Active)
            {
                if (person.LeftOn is not null) continue;
                await store.UpdateAsync<Person>(person.Id, p => p with { LeftOn = today, Roles = [] }, cancellationToken);
                await audit.RecordAsync(AuditActors.System, "person.left", Person.Kind, person.Id, $"source={platform}", cancellationToken);
                unowned += await ReleaseControlsAsync(person.Id, cancellationToken);
                left++;
                continue;
            }

            var manager = entry.ManagerEmail is { } m ? Person.IdFor(m)
                : entry.ManagerDirectoryId is { } managerId ? emailOfId.GetValueOrDefault(managerId)
                : null;
            var zone = PeopleDirectory.KnownZone(entry.TimeZone) ?? person.TimeZone;
            var current = person with
            {
                DisplayName = string.IsNullOrWhiteSpace(entry.Name) ? person.DisplayName : entry.Name.Trim(),
                ManagerId = manager is not null && manager != person.Id ? manager : person.ManagerId,
                TimeZone = zone,
                DirectoryId = entry.DirectoryId ?? person.DirectoryId,
                LeftOn = null,
            };
            if (current == person) continue;
            await store.UpsertAsync(current, cancellationToken);
            await audit.RecordAsync(AuditActors.System, "person.synced", Person.Kind, person.Id,
                $"source={platform} name={current.DisplayName != person.DisplayName} manager={current.ManagerId ?? "-"} timeZone={current.TimeZone}", cancellationToken);
            updated++;
        }

        return new DirectorySyncReport(platform, entries.Count, updated, left, unowned);
    }

    /// <summary>A leaver owns, deputises for and reviews nothing any more: those controls need someone new.</summary>
    private async Task<int> ReleaseControlsAsync(string personId, CancellationToken cancellationToken)
    {
        var released = 0;
        foreach (var control in (await store.ListAsync<Control>(cancellationToken)).Select(c => c.Document)
                     .Where(c => c.OwnerId == personId || c.DelegateId == personId || c.ReviewerId == personId))
        {
            await store.UpdateAsync<Control>(control.Id, c => c with
            {
                OwnerId = c.OwnerId == personId ? null : c.OwnerId,
                DelegateId = c.DelegateId == personId ? null : c.DelegateId,
                ReviewerId = c.ReviewerId == personId ? null : c.ReviewerId,
            }, cancellationToken);
            await audit.RecordAsync(AuditActors.System, "control.released", Control.Kind, control.Id, $"left={personId}", cancellationToken);
            released++;
        }

        return released;
    }
}

/// <summary>What one source's sync did.</summary>
public sealed record DirectorySyncReport(string Platform, int Read, int Updated, int Left, int ControlsReleased);
