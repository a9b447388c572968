namespace ComplianceBot.Channels.Teams;

/// <summary>The verdict on an inbound request's token: accepted, or refused with 401 (no valid token) or 403.</summary>
public sealed record InboundAuthResult(bool Accepted, int StatusCode, string? Reason)
{
    public static InboundAuthResult Ok { get; } = new(true, 200, null);

    public static InboundAuthResult Unauthorized(string reason) => new(false, 401, reason);

    public static InboundAuthResult Forbidden(string reason) => new(false, 403, reason);
}
