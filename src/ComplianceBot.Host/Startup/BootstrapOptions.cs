namespace ComplianceBot.Host.Startup;

/// <summary>
/// Section "Bootstrap": people to create at start, with the controls they own, so a new installation (or the
/// local playground) has someone to talk to. Only missing people are added and only unowned controls assigned:
/// changes made later are never undone.
/// </summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public List<BootstrapPerson> People { get; set; } = [];
}

public sealed class BootstrapPerson
{
    public string Email { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string? TimeZone { get; set; }

    public string? ManagerEmail { get; set; }

    public List<string> Roles { get; set; } = [];

    /// <summary>Control ids this person owns, when they have no owner yet.</summary>
    public List<string> Owns { get; set; } = [];

    /// <summary>Control ids whose evidence this person reviews, when they have no reviewer yet.</summary>
    public List<string> Reviews { get; set; } = [];
}
