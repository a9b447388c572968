using System.Net.Mail;
using ComplianceBot.Core.Audit;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.People;

/// <summary>The people ComplianceBot knows, keyed by email; chat identities are attached as people use the bot.</summary>
public sealed class PeopleDirectory(IComplianceStore store, AuditTrail audit)
{
    public async Task<Person> SaveAsync(
        string email, string? displayName, string? timeZone, string? managerEmail, IReadOnlyList<string>? roles, string actor,
        CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        if (!IsEmail(email)) errors.Add(new("email", $"'{email}' is not an email address."));
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Length > 200)
            errors.Add(new("displayName", "Give a display name of up to 200 characters."));
        var zone = string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            errors.Add(new("timeZone", $"'{zone}' is not a time zone id; use an IANA id such as Europe/Berlin."));
        string? managerId = null;
        if (!string.IsNullOrWhiteSpace(managerEmail))
        {
            managerId = Person.IdFor(managerEmail);
            if (managerId == Person.IdFor(email)) errors.Add(new("manager", "A person cannot be their own manager."));
            else if (await store.FindAsync<Person>(managerId, cancellationToken) is null)
                errors.Add(new("manager", $"{managerEmail} is not someone ComplianceBot knows; add them first."));
        }

        if (errors.Count > 0) throw new ValidationFailedException(errors);

        var id = Person.IdFor(email);
        var saved = await store.UpdateOrCreateAsync<Person>(
            id,
            existing => (existing ?? new Person { Id = id, Email = email.Trim(), DisplayName = "" }) with
            {
                DisplayName = displayName!.Trim(),
                TimeZone = zone,
                ManagerId = managerId,
                Roles = roles ?? existing?.Roles ?? [],
            },
            cancellationToken);
        await audit.RecordAsync(actor, "person.saved", Person.Kind, id,
            $"timeZone={zone} manager={managerId ?? "-"} roles={string.Join(' ', saved.Roles)}", cancellationToken);
        return saved;
    }

    /// <summary>The zone a platform or directory reports, when it is a time zone this machine knows; else null.</summary>
    public static string? KnownZone(string? zone) => zone is { Length: > 0 } z && TimeZoneInfo.TryFindSystemTimeZoneById(z, out _) ? z : null;

    /// <summary>One plain address (no display name, no list), at most 254 characters.</summary>
    public static bool IsEmail(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 254
        && MailAddress.TryCreate(value.Trim(), out var parsed) && parsed.Address == value.Trim();
}
