using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.People;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Text;

namespace ComplianceBot.Core.Onboarding;

/// <summary>
/// People in bulk, as CSV: <c>email,name,manager,time_zone,roles</c> (roles separated by ';'). Every row is checked
/// first (managers may be other rows of the same file); only when all are right is anything written. The export
/// writes the same columns, so a file exported, edited and imported again changes only what was edited.
/// </summary>
public sealed class PeopleImport(IComplianceStore store, AuditTrail audit)
{
    public static readonly IReadOnlyList<string> Columns = ["email", "name", "manager", "time_zone", "roles"];
    private static readonly string[] KnownRoles = [ReminderConversation.ComplianceAdminRole];

    public async Task<ImportReport> ImportAsync(TextReader csv, bool dryRun, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var (rows, headerError) = CsvTable.Read(csv, Columns);
        if (headerError is not null) return new ImportReport(dryRun, 0, [headerError], 0, 0, 0);

        var existing = (await store.ListAsync<Person>(cancellationToken)).ToDictionary(p => p.Document.Id, p => p.Document, StringComparer.Ordinal);
        var inFile = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<RowError>();
        var wanted = new List<(int Row, Person Person)>();
        foreach (var row in rows)
        {
            var email = row["email"];
            var before = errors.Count;
            if (!PeopleDirectory.IsEmail(email)) errors.Add(new(row.Number, "email", $"'{Shorten(email)}' is not an email address."));
            else if (inFile.TryGetValue(Person.IdFor(email), out var first)) errors.Add(new(row.Number, "email", $"{email} is already on row {first}."));
            else inFile[Person.IdFor(email)] = row.Number;
            var name = row["name"].Trim();
            if (name.Length is 0 or > 200) errors.Add(new(row.Number, "name", "Give a name of up to 200 characters."));
            var zone = row["time_zone"].Trim() is { Length: > 0 } z ? z : "UTC";
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                errors.Add(new(row.Number, "time_zone", $"'{Shorten(zone)}' is not a time zone; use an IANA id such as Europe/Berlin."));
            var roles = row["roles"].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => r.ToLowerInvariant()).Distinct().ToList();
            foreach (var unknown in roles.Where(r => !KnownRoles.Contains(r)))
                errors.Add(new(row.Number, "roles", $"'{Shorten(unknown)}' is not a role; roles: {string.Join(", ", KnownRoles)}."));
            var manager = row["manager"].Trim() is { Length: > 0 } m ? m : null;
            if (manager is not null && !PeopleDirectory.IsEmail(manager)) errors.Add(new(row.Number, "manager", $"'{Shorten(manager)}' is not an email address."));
            if (errors.Count > before || !PeopleDirectory.IsEmail(email)) continue;

            var id = Person.IdFor(email);
            var known = existing.GetValueOrDefault(id);
            wanted.Add((row.Number, (known ?? new Person { Id = id, Email = email.Trim(), DisplayName = name }) with
            {
                DisplayName = name, TimeZone = zone, ManagerId = manager is null ? null : Person.IdFor(manager), Roles = roles,
            }));
        }

        // Managers: someone already known, or someone on another row; never oneself.
        foreach (var (row, person) in wanted)
        {
            if (person.ManagerId is not { } managerId) continue;
            if (managerId == person.Id) errors.Add(new(row, "manager", "A person cannot be their own manager."));
            else if (!existing.ContainsKey(managerId) && !inFile.ContainsKey(managerId))
                errors.Add(new(row, "manager", $"{managerId} is neither in this file nor known to ComplianceBot."));
        }

        errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : string.CompareOrdinal(a.Column, b.Column));
        var changes = wanted.Select(w => w.Person).Where(p => !existing.TryGetValue(p.Id, out var known) || !Same(known, p)).ToList();
        var created = changes.Count(p => !existing.ContainsKey(p.Id));
        var report = new ImportReport(dryRun, rows.Count, errors, created, changes.Count - created, wanted.Count - changes.Count);
        if (!report.Applied) return report;

        foreach (var person in changes) await store.UpsertAsync(person, cancellationToken);
        await audit.RecordAsync(actor, "people.imported", Person.Kind, "import",
            $"rows={rows.Count} created={report.Created} updated={report.Updated} unchanged={report.Unchanged}", cancellationToken);
        return report;
    }

    public async Task ExportAsync(TextWriter csv, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        Csv.WriteRow(csv, Columns);
        foreach (var person in (await store.ListAsync<Person>(cancellationToken)).Select(p => p.Document))
            Csv.WriteRow(csv, [person.Email, person.DisplayName, person.ManagerId ?? "", person.TimeZone, string.Join(';', person.Roles)]);
    }

    private static bool Same(Person a, Person b) =>
        a.DisplayName == b.DisplayName && a.TimeZone == b.TimeZone && a.ManagerId == b.ManagerId && a.Roles.SequenceEqual(b.Roles);

    internal static string Shorten(string value) => value.Length > 60 ? value[..60] + "…" : value;
}
