using System.Text.Json.Nodes;

namespace ComplianceBot.Channels.Teams;

/// <summary>The HTTP answer to an invoke activity: a status code and an optional JSON body.</summary>
public sealed record InvokeResponse(int Status, JsonObject? Body)
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";
    public const string ErrorType = "application/vnd.microsoft.error";
    public const string SearchResponseType = "application/vnd.microsoft.search.searchResponse";

    public static InvokeResponse Card(JsonObject card) =>
        new(200, new JsonObject { ["statusCode"] = 200, ["type"] = CardType, ["value"] = card });

    public static InvokeResponse Message(string text) =>
        new(200, new JsonObject { ["statusCode"] = 200, ["type"] = MessageType, ["value"] = text });

    /// <summary>The answer to application/search: the choices as {title, value}.</summary>
    public static InvokeResponse SearchResults(IEnumerable<Core.Conversations.Choice> choices) =>
        new(200, new JsonObject
        {
            ["type"] = SearchResponseType,
            ["value"] = new JsonObject
            {
                ["results"] = new JsonArray(choices.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["value"] = c.Value }).ToArray()),
            },
        });

    public static InvokeResponse BadRequest(string message) =>
        new(200, new JsonObject
        {
            ["statusCode"] = 400,
            ["type"] = ErrorType,
            ["value"] = new JsonObject { ["code"] = "BadRequest", ["message"] = message },
        });

    public static InvokeResponse NotImplemented { get; } = new(501, null);
}
