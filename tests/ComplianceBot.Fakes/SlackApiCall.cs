using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ComplianceBot.Fakes;

/// <summary>One call the fake Slack Web API received: method, headers, arguments (JSON, form or query) and the answer.</summary>
public sealed record SlackApiCall(
    string Method, string HttpMethod, IReadOnlyDictionary<string, string> Headers, string? ContentType, JsonObject Arguments, int Status, string? Error)
{
    public bool Ok => Status == 200 && Error is null;

    public string? Authorization => Headers.TryGetValue("Authorization", out var value) ? value : null;

    public string? Argument(string name) => Arguments[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>Arguments as Slack reads them: a JSON body, or form fields and query parameters (blocks and view given as JSON text).</summary>
    internal static async Task<JsonObject> ReadArgumentsAsync(HttpRequest request)
    {
        var arguments = new JsonObject();
        foreach (var (key, value) in request.Query) arguments[key] = value.ToString();
        if (request.HasJsonContentType())
        {
            if (await JsonNode.ParseAsync(request.Body) is JsonObject body)
            {
                foreach (var (key, value) in body) arguments[key] = value?.DeepClone();
            }
        }
        else if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync()) arguments[key] = Structured(key, value.ToString());
        }

        return arguments;
    }

    private static JsonNode? Structured(string key, string value)
    {
        if (key is not ("blocks" or "view" or "attachments" or "metadata")) return value;
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return value;
        }
    }
}
