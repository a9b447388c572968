using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Frameworks;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Records;

/// <summary>
/// A channel that gets the weekly coverage digest. One per channel ("{platform}:{conversation id}"): subscribing
/// again changes the frameworks. Posted once per ISO week at or after <see cref="Day"/> <see cref="Hour"/> in the
/// organisation's time zone.
/// </summary>
public sealed record DigestSubscription : IDocument
{
    public static string Kind => "digest-subscription";

    public required string Id { get; init; }

    /// <summary>Where to post: the channel's conversation id, and for Teams its serviceUrl and tenant.</summary>
    public required ConversationAddress Address { get; init; }

    /// <summary>Framework ids (<see cref="FrameworkIds"/>); both for "all".</summary>
    public required IReadOnlyList<string> Frameworks { get; init; }

    public DayOfWeek Day { get; init; } = DayOfWeek.Monday;

    /// <summary>0–23, in the organisation's time zone.</summary>
    public int Hour { get; init; } = 9;

    /// <summary>False once unsubscribed; the job skips it.</summary>
    public bool Active { get; init; } = true;

    public required string CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public static string IdFor(ConversationAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return $"{address.Platform}:{address.ConversationId}";
    }
}
