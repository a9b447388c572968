namespace ComplianceBot.Core.Storage;

/// <summary>For one control: the newest effective date among its unexpired evidence, and how many such items.</summary>
public sealed record EvidenceFreshness(string ControlId, DateOnly LatestEffectiveOn, int CurrentItems);
