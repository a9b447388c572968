namespace ComplianceBot.Host.Configuration;

/// <summary>Section "Compliance": the organisation's scope and calendar.</summary>
public sealed class ComplianceOptions
{
    public const string Section = "Compliance";

    /// <summary>SOC 2 categories in scope besides Security, which always is.</summary>
    public List<string> Soc2Categories { get; set; } = [];

    /// <summary>IANA time zone that decides the organisation's calendar day.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The answer window: attestations of a period fall due within this many days after it ends.</summary>
    public int AttestationDueDays { get; set; } = 21;

    /// <summary>
    /// The day (yyyy-MM-dd) the organisation began with ComplianceBot: no period that ended before it is asked for or
    /// overdue. Without it, each control starts on the day it entered the library.
    /// </summary>
    public string? StartDate { get; set; }

    /// <summary>First day (yyyy-MM-dd) of the audit period operating readiness looks over; with <see cref="ObservationWindowEnd"/>.</summary>
    public string? ObservationWindowStart { get; set; }

    /// <summary>Last day of the audit period; without the pair, operating readiness looks over the last twelve months.</summary>
    public string? ObservationWindowEnd { get; set; }

    /// <summary>Whether the starter control library is loaded at start (missing controls only).</summary>
    public bool SeedStarterLibrary { get; set; } = true;
}
