namespace ComplianceBot.Host.Startup;

internal static class HealthTags
{
    /// <summary>Checks that must pass before the instance takes traffic: started, store, inbox, job storage.</summary>
    public const string Ready = "ready";
}
