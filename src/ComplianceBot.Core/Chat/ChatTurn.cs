using System.Text.Json.Nodes;

namespace ComplianceBot.Core.Chat;

public static class Platforms
{
    public const string Teams = "teams";
    public const string Slack = "slack";
}

/// <summary>Who is talking, as the chat platform knows them. The email, when known, is how we find the person.</summary>
/// <param name="TimeZone">The IANA time zone the platform knows for them (Slack does), kept on the person for reminders.</param>
/// <param name="OfOrganisation">
/// The platform vouches that the account belongs to the organisation (its configured Teams tenant or Slack
/// workspace, not a guest or bot): such a person is enrolled on first contact.
/// </param>
/// <param name="DirectoryId">
/// The id a people picker on the platform gives for this person: the Entra object id in Teams, the user id in Slack.
/// </param>
public sealed record ChatUser(
    string Platform, string UserId, string? Email, string? DisplayName, string? TenantId = null, string? TimeZone = null, bool OfOrganisation = false,
    string? DirectoryId = null);

/// <summary>Where a conversation is, enough to send into it later (a conversation reference).</summary>
public sealed record ConversationAddress(
    string Platform, string ConversationId, string? ServiceUrl = null, string? TenantId = null, string? BotId = null, string? UserId = null);

/// <summary>What the person did.</summary>
public abstract record ChatInput;

/// <summary>A typed message (mentions already stripped).</summary>
public sealed record TextInput(string Text) : ChatInput;

/// <summary>A card button: its action id and the card's data merged with the inputs' values.</summary>
public sealed record ActionInput(string ActionId, JsonObject Data) : ChatInput;

/// <summary>A file sent to the bot.</summary>
public sealed record FileInput(ChatFile File) : ChatInput;

/// <summary>A file as the platform describes it; <see cref="DownloadRef"/> is what the adapter needs to fetch it.</summary>
public sealed record ChatFile(string Name, long? Size, string? ContentType, string DownloadRef);

/// <param name="IsDirect">A 1:1 conversation with the bot, as opposed to a channel or group.</param>
/// <param name="People">Describes someone picked on a card (a people picker's value), as the platform knows them.</param>
public sealed record ChatTurn(
    ChatUser User, ConversationAddress Address, ChatInput Input, IChatFileSource Files, bool IsDirect = true, IChatPeopleLookup? People = null);

/// <summary>
/// Fetches the content of a file a person sent, the way their platform requires. When the file cannot be fetched
/// (gone, refused, unreachable, too slow, too large, broken off part-way) both opening and reading the stream
/// throw <see cref="ChatFileUnavailableException"/> and nothing else; cancellation by the caller stays
/// <see cref="OperationCanceledException"/>.
/// </summary>
public interface IChatFileSource
{
    Task<Stream> OpenAsync(ChatFile file, CancellationToken cancellationToken = default);
}

/// <summary>
/// Describes a person by the id a people picker gave (Teams: an Entra object id, through the conversation's member
/// lookup; Slack: a user id, through users.info), so a card can name someone who never wrote to the bot.
/// </summary>
public interface IChatPeopleLookup
{
    /// <summary>The person as the platform describes them, or null when it knows nobody by that id.</summary>
    Task<ChatUser?> DescribeAsync(string pickedId, CancellationToken cancellationToken = default);
}
