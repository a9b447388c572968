using ComplianceBot.Core.Chat;
using ComplianceBot.Core.People;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// The workspace's members from users.list, all of them each time (Slack has no change feed): names, emails and
/// time zones; deleted members are leavers. Bots, guests and people of other workspaces are not the organisation's.
/// </summary>
public sealed class SlackDirectorySource(SlackWebApiClient client, SlackOptions options) : IDirectorySource
{
    public string Platform => Platforms.Slack;

    public bool Configured => options.IsEnabled && !string.IsNullOrEmpty(options.BotToken);

    public async Task<DirectoryRead> ReadAsync(string? cursor, CancellationToken cancellationToken = default)
    {
        var entries = new List<DirectoryEntry>();
        string? next = null;
        do
        {
            var (users, following) = await client.ListUsersAsync(next, cancellationToken: cancellationToken);
            entries.AddRange(users
                .Where(u => !u.IsBot && !u.IsGuest && u.Email is not null)
                .Where(u => string.IsNullOrEmpty(options.TeamId) || u.TeamId == options.TeamId)
                .Select(u => new DirectoryEntry(null, u.Email, u.RealName ?? u.DisplayName, null, null, u.TimeZone, Active: !u.Deleted)));
            next = following;
        }
        while (next is not null);

        return new DirectoryRead(entries, null);
    }
}
