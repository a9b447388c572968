using System.Text.Json.Nodes;
using ComplianceBot.Core.Chat;

namespace ComplianceBot.Channels.Slack;

/// <summary>A message Slack stored: its channel and ts (the id chat.update needs).</summary>
public sealed record SlackMessageRef(string Channel, string Ts);

/// <summary>A modal or Home view as Slack returned it; <see cref="Hash"/> guards views.update against races.</summary>
public sealed record SlackView(string Id, string? Hash, JsonObject View);

/// <summary>A Slack user as users.info / users.lookupByEmail describe them (email needs users:read.email).</summary>
public sealed record SlackUser(
    string Id, string? TeamId, string? Name, string? RealName, string? DisplayName, string? Email,
    string? TimeZone, int? TimeZoneOffsetSeconds, bool IsBot, bool Deleted, bool IsGuest = false)
{
    public static SlackUser From(JsonObject user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var profile = user["profile"] as JsonObject;
        return new SlackUser(
            Text(user, "id") ?? "",
            Text(user, "team_id"),
            Text(user, "name"),
            Text(user, "real_name") ?? (profile is null ? null : Text(profile, "real_name")),
            profile is null ? null : Text(profile, "display_name"),
            profile is null ? null : Text(profile, "email"),
            Text(user, "tz"),
            user["tz_offset"] is JsonValue offset && offset.TryGetValue<int>(out var seconds) ? seconds : null,
            user["is_bot"] is JsonValue bot && bot.TryGetValue<bool>(out var isBot) && isBot,
            user["deleted"] is JsonValue deleted && deleted.TryGetValue<bool>(out var isDeleted) && isDeleted,
            Flag(user, "is_restricted") || Flag(user, "is_ultra_restricted") || Flag(user, "is_stranger"));
    }

    /// <summary>The person as the conversations know chat users: by their real name (the records' name), else the display name.</summary>
    public ChatUser ToChatUser() =>
        new(Platforms.Slack, Id, Email, !string.IsNullOrEmpty(RealName) ? RealName : string.IsNullOrEmpty(DisplayName) ? Name : DisplayName, TeamId);

    private static bool Flag(JsonObject user, string name) => user[name] is JsonValue value && value.TryGetValue<bool>(out var set) && set;

    internal static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}

/// <summary>A file as files.info describes it; <see cref="UrlPrivateDownload"/> is fetched with the bot token.</summary>
public sealed record SlackFile(string Id, string Name, string? Title, string? MimeType, string? FileType, long? Size, string? UrlPrivate, string? UrlPrivateDownload)
{
    public static SlackFile From(JsonObject file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var id = SlackUser.Text(file, "id") ?? "";
        return new SlackFile(
            id,
            SlackUser.Text(file, "name") ?? SlackUser.Text(file, "title") ?? id,
            SlackUser.Text(file, "title"),
            SlackUser.Text(file, "mimetype"),
            SlackUser.Text(file, "filetype"),
            file["size"] is JsonValue size && size.TryGetValue<long>(out var bytes) ? bytes : null,
            SlackUser.Text(file, "url_private"),
            SlackUser.Text(file, "url_private_download"));
    }

    /// <summary>The file as the evidence conversation sees it; its download reference is the private download URL.</summary>
    public ChatFile ToChatFile() =>
        new(Name, Size, MimeType, UrlPrivateDownload ?? UrlPrivate ?? throw new InvalidOperationException($"Slack gave no download URL for file {Id}."));
}
