using System.Text.Json.Nodes;

namespace ComplianceBot.Channels.Teams;

/// <summary>The HTTP answer to an invoke activity: a status code and an optional JSON body.</summary>
public sealed record InvokeResponse(int Status, JsonObject? Body)
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";
    public const string ErrorType = "application/vnd.microsoft.error";

    public static InvokeResponse Card(JsonObject card) =>
        new(200, new JsonObject { ["statusCode"] = 200, ["type"] = CardType, ["value"] = card });

    public static InvokeResponse Message(string text) =>
        new(200, new JsonObject { ["statusCode"] = 200, ["type"] = MessageType, ["value"] = text });

    public static InvokeResponse BadRequest(string message) =>
        new(200, new JsonObject
        {
            ["statusCode"] = 400,
            ["type"] = ErrorType,
            ["value"] = new JsonObject { ["code"] = "BadRequest", ["message"] = message },
        });

    public static InvokeResponse NotImplemented { get; } = new(501, null);
}
