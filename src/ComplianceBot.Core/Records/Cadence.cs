namespace ComplianceBot.Core.Records;

/// <summary>How often a control is attested.</summary>
public enum Cadence
{
    Monthly,
    Quarterly,
    Semiannual,
    Annual,
}
