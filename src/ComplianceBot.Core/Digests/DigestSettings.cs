namespace ComplianceBot.Core.Digests;

/// <summary>How digests are posted.</summary>
/// <param name="PublicBaseUrl">
/// The host's public https address. Charts are linked from it (Slack fetches images only from a public URL);
/// without it Teams gets the chart inline as a data: URI and Slack gets the digest without the chart.
/// </param>
/// <param name="Day">The weekday a new subscription is posted on, unless the command names one.</param>
/// <param name="Hour">The hour (0–23, the organisation's time zone) a new subscription is posted at, unless named.</param>
public sealed record DigestSettings(Uri? PublicBaseUrl = null, DayOfWeek Day = DayOfWeek.Monday, int Hour = 9)
{
    public static DigestSettings Default { get; } = new();
}
