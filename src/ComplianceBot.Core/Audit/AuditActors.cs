namespace ComplianceBot.Core.Audit;

public static class AuditActors
{
    /// <summary>Changes made by ComplianceBot itself (seeding, scheduled requests).</summary>
    public const string System = "system";
}
