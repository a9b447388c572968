using System.Text.Json.Nodes;
using ComplianceBot.Core.Chat;

namespace ComplianceBot.Channels.Teams;

/// <summary>
/// Someone picked with the Teams people picker (its value is their Entra object id), described by the connector's
/// member lookup in the conversation the card was answered in: the lookup takes an object id as well as a Teams
/// user id. Guests and accounts of other tenants are described but not vouched for as the organisation's.
/// </summary>
internal sealed class TeamsPeopleLookup(ConnectorClient connector, TeamsOptions options, string serviceUrl, string conversationId) : IChatPeopleLookup
{
    public async Task<ChatUser?> DescribeAsync(string pickedId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pickedId);
        var member = await connector.GetMemberAsync(serviceUrl, conversationId, pickedId, cancellationToken);
        if (member is null || Text(member, "id") is not { } userId) return null;
        var tenant = Text(member, "tenantId");
        var guest = string.Equals(Text(member, "userRole"), "guest", StringComparison.OrdinalIgnoreCase);
        return new ChatUser(
            Core.Chat.Platforms.Teams, userId, Text(member, "email") ?? Text(member, "userPrincipalName"), Text(member, "name"), tenant,
            OfOrganisation: !guest && options.IsOrganisationTenant(tenant),
            DirectoryId: Text(member, "aadObjectId") ?? pickedId);
    }

    private static string? Text(JsonObject member, string name) =>
        member[name] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;
}
