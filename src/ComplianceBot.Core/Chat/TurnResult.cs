using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Chat;

/// <summary>A message to post: text, a card, or both.</summary>
/// <param name="DeliveryKeys">
/// Ledger ids of the reminders the message carries. A channel that can search what it posted (Slack message
/// metadata) stores them with the message, so a run that died mid-send can tell what arrived.
/// </param>
public sealed record OutboundMessage(string? Text, CardView? Card = null, IReadOnlyList<string>? DeliveryKeys = null)
{
    public static OutboundMessage Say(string text) => new(text);

    public static OutboundMessage Show(CardView card) => new(null, card);
}

/// <summary>A message for someone other than the person in the turn (a risk's owner, say).</summary>
public sealed record Notice(string PersonId, OutboundMessage Message);

/// <summary>
/// What to do in answer to a turn: replies in the conversation; a card that replaces the card the person
/// acted on (so no stale buttons remain); field errors (Slack shows them beside the modal's fields);
/// notices for other people.
/// </summary>
public sealed record TurnResult(
    IReadOnlyList<OutboundMessage> Replies,
    CardView? ReplaceCard = null,
    IReadOnlyList<FieldError>? FieldErrors = null,
    IReadOnlyList<Notice>? Notices = null)
{
    public static TurnResult Reply(params OutboundMessage[] replies) => new(replies);

    public static TurnResult Replace(CardView card, params Notice[] notices) => new([], card, null, notices);

    public static TurnResult Invalid(CardView card, IReadOnlyList<FieldError> errors) => new([], card, errors);
}
