namespace ComplianceBot.Core.Frameworks;

/// <summary>One requirement of a framework: an Annex A control or a Trust Services Criterion.</summary>
/// <param name="Group">ISO theme (Organizational, People, …) or SOC 2 category (Security, Availability, …).</param>
public sealed record Requirement(string FrameworkId, string Id, string Title, string Group);
