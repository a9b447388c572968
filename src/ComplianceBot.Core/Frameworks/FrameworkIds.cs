namespace ComplianceBot.Core.Frameworks;

public static class FrameworkIds
{
    public const string Iso27001 = "iso27001";
    public const string Soc2 = "soc2";

    public static IReadOnlyList<string> All { get; } = [Iso27001, Soc2];
}
