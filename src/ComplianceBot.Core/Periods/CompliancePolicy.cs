using ComplianceBot.Core.Frameworks;

namespace ComplianceBot.Core.Periods;

/// <summary>The organisation's choices that the coverage engine and the jobs apply.</summary>
/// <param name="TimeZone">Decides which calendar day "today" is for periods, due dates and freshness.</param>
/// <param name="AttestationDueDays">How many days into a period its attestation is due.</param>
public sealed record CompliancePolicy(Soc2Scope Soc2Scope, TimeZoneInfo TimeZone, int AttestationDueDays = 14)
{
    public static CompliancePolicy Default { get; } = new(Soc2Scope.SecurityOnly, TimeZoneInfo.Utc);

    public DateOnly Today(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);
}
