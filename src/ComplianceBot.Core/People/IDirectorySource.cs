namespace ComplianceBot.Core.People;

/// <summary>
/// A chat platform's directory of people (Microsoft Graph for the Teams tenant, Slack's member list), read by the
/// directory sync. A source that keeps no cursor reads everyone each time.
/// </summary>
public interface IDirectorySource
{
    string Platform { get; }

    /// <summary>Whether the settings let it read the directory at all.</summary>
    bool Configured { get; }

    /// <summary>The changes since <paramref name="cursor"/> (everyone when null), and the cursor to read from next time.</summary>
    Task<DirectoryRead> ReadAsync(string? cursor, CancellationToken cancellationToken = default);
}

/// <param name="Cursor">Where the next read starts (a Graph delta link); null to read everyone again next time.</param>
public sealed record DirectoryRead(IReadOnlyList<DirectoryEntry> Entries, string? Cursor);

/// <summary>One person as the directory describes them; <see cref="Active"/> false for someone deleted or disabled.</summary>
public sealed record DirectoryEntry(
    string? DirectoryId, string? Email, string? Name, string? ManagerDirectoryId, string? ManagerEmail, string? TimeZone, bool Active);
