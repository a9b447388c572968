using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>Someone the bot talks to. The id is the lower-cased email, the key both chat platforms resolve to.</summary>
public sealed record Person : IDocument
{
    public static string Kind => "person";

    public required string Id { get; init; }

    public required string Email { get; init; }

    public required string DisplayName { get; init; }

    public IReadOnlyList<ChatIdentity> ChatIdentities { get; init; } = [];

    /// <summary>IANA time zone id, e.g. Europe/Berlin.</summary>
    public string TimeZone { get; init; } = "UTC";

    public string? ManagerId { get; init; }

    /// <summary>The person's id in the organisation's directory (the Entra object id), when the directory sync has seen them.</summary>
    public string? DirectoryId { get; init; }

    /// <summary>The day the directory said they left (deleted or disabled); their controls went back to "no owner".</summary>
    public DateOnly? LeftOn { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    public static string IdFor(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }
}

/// <summary>A person's account on one chat platform ("teams" or "slack").</summary>
public sealed record ChatIdentity(string Platform, string UserId, string? TenantId = null);
