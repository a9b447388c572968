using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.People;

namespace ComplianceBot.Channels.Teams;

/// <summary>
/// The Teams tenant's people from Microsoft Graph's users delta query: the first read pages through everyone and
/// ends with a delta link, kept as the cursor; later reads return only who changed since. Disabled accounts and
/// removed users are leavers; managers come as directory ids (<c>manager@delta</c>). Needs the app's
/// User.Read.All application permission and a single-tenant registration (<c>Teams__TenantId</c>).
/// </summary>
public sealed class GraphDirectorySource(HttpClient http, TeamsOptions options, GraphDirectorySource.Token token) : IDirectorySource
{
    private const string Select = "id,displayName,mail,userPrincipalName,accountEnabled,manager";
    private const int MaxPages = 10_000;

    public string Platform => Platforms.Teams;

    public bool Configured => !string.IsNullOrEmpty(options.AppId) && !string.IsNullOrEmpty(options.TenantId) && !options.AllowUnauthenticated;

    public async Task<DirectoryRead> ReadAsync(string? cursor, CancellationToken cancellationToken = default)
    {
        var entries = new List<DirectoryEntry>();
        var next = cursor ?? new Uri(new Uri(options.GraphBaseUrl.EndsWith('/') ? options.GraphBaseUrl : options.GraphBaseUrl + "/"), $"users/delta?$select={Select}").AbsoluteUri;
        for (var page = 0; page < MaxPages; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await token.Provider.GetTokenAsync(cancellationToken));
            using var response = await http.SendAsync(request, cancellationToken);
            // An expired delta link (410) starts over with everyone.
            if (response.StatusCode == System.Net.HttpStatusCode.Gone && cursor is not null) return await ReadAsync(null, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"Microsoft Graph answered the users delta query with {(int)response.StatusCode}.", null, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject ?? [];
            entries.AddRange((body["value"] as JsonArray ?? []).OfType<JsonObject>().Select(Entry));
            if (Text(body, "@odata.nextLink") is { } more)
            {
                next = more;
                continue;
            }

            return new DirectoryRead(entries, Text(body, "@odata.deltaLink"));
        }

        throw new InvalidOperationException($"The users delta query did not end within {MaxPages} pages.");
    }

    private static DirectoryEntry Entry(JsonObject user)
    {
        var removed = user["@removed"] is JsonObject;
        var disabled = user["accountEnabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out var on) && !on;
        var manager = (user["manager@delta"] as JsonArray)?.OfType<JsonObject>().Select(m => Text(m, "id")).FirstOrDefault(id => id is not null);
        var email = Text(user, "mail") ?? Text(user, "userPrincipalName");
        return new DirectoryEntry(Text(user, "id"), email, Text(user, "displayName"), manager, null, null, Active: !removed && !disabled);
    }

    private static string? Text(JsonObject obj, string name) => obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The client-credentials token for Graph (kept apart from the Bot Connector's).</summary>
    public sealed record Token(ClientCredentialsTokenProvider Provider);
}
