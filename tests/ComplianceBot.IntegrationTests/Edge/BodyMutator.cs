using System.Text;
using System.Text.Json.Nodes;

namespace ComplianceBot.IntegrationTests.Edge;

/// <summary>
/// Turns a valid sample body into a malformed one, seeded so a failure reproduces: a wrong JSON type for a field,
/// a field removed, a lone surrogate, invalid UTF-8, a key twice, deep nesting, a huge string, truncation, or
/// random bytes. <see cref="LastKind"/> names what was done, for the failure message.
/// </summary>
internal sealed class BodyMutator(int seed)
{
    private const string Marker = "@@mutation@@";

    private static readonly string[] WrongValues =
        ["0", "-1", "1.5", "1e400", "-99999999999999999999", "true", "false", "null", "\"\"", "\"x\"", "[]", "{}", "[1,\"a\",null]", "{\"a\":{}}", "\"\\u0000\""];

    private readonly Random random = new(seed);

    public string LastKind { get; private set; } = "";

    public Random Random => random;

    /// <summary>A mutation of <paramref name="sample"/>'s JSON.</summary>
    public byte[] MutateJson(JsonObject sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var copy = (JsonObject)sample.DeepClone();
        switch (random.Next(11))
        {
            case 0:
            case 1:
                LastKind = "wrong type";
                return Replace(copy, WrongValues[random.Next(WrongValues.Length)]);
            case 2:
                LastKind = "several wrong types";
                for (var i = 0; i < 3; i++) copy = JsonNode.Parse(Replace(copy, WrongValues[random.Next(WrongValues.Length)]))!.AsObject();
                return Encoding.UTF8.GetBytes(copy.ToJsonString());
            case 3:
                LastKind = "field removed";
                RemoveOne(copy);
                return Encoding.UTF8.GetBytes(copy.ToJsonString());
            case 4:
                LastKind = "lone surrogate";
                return Replace(copy, random.Next(3) switch { 0 => "\"\\ud800\"", 1 => "\"a\\udfffb\"", _ => "\"\\ud83d\\u0041\"" });
            case 5:
                LastKind = "invalid UTF-8";
                return InsertBytes(Encoding.UTF8.GetBytes(copy.ToJsonString()), InvalidUtf8());
            case 6:
                LastKind = "key twice";
                return DuplicateKey(copy);
            case 7:
                LastKind = "deep nesting";
                var depth = random.Next(2) == 0 ? random.Next(60, 70) : random.Next(100, 20_000);
                return Replace(copy, new string('[', depth) + new string(']', depth));
            case 8:
                LastKind = "huge string";
                return Replace(copy, "\"" + new string('A', random.Next(2) == 0 ? 100_000 : 600_000) + "\"");
            case 9:
                LastKind = "truncated";
                var whole = Encoding.UTF8.GetBytes(copy.ToJsonString());
                return whole[..random.Next(whole.Length)];
            default:
                LastKind = "random bytes";
                return RandomBytes();
        }
    }

    public byte[] RandomBytes()
    {
        var bytes = new byte[random.Next(0, 2048)];
        random.NextBytes(bytes);
        return bytes;
    }

    public byte[] InvalidUtf8() => random.Next(4) switch
    {
        0 => [0xFF],
        1 => [0xC0, 0xAF],
        2 => [0xED, 0xA0, 0x80], // an encoded surrogate
        _ => [0xE2, 0x82],
    };

    public byte[] InsertBytes(byte[] body, byte[] inserted)
    {
        var at = random.Next(body.Length + 1);
        return [.. body[..at], .. inserted, .. body[at..]];
    }

    /// <summary>Replaces a random value (anywhere in the tree) with raw JSON text.</summary>
    private byte[] Replace(JsonObject root, string rawJson)
    {
        var (parent, key, index) = Pick(root);
        if (parent is JsonObject obj) obj[key!] = Marker;
        else if (parent is JsonArray array) array[index] = Marker;
        var text = root.ToJsonString();
        var at = text.IndexOf($"\"{Marker}\"", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, at), rawJson, text.AsSpan(at + Marker.Length + 2)));
    }

    private void RemoveOne(JsonObject root)
    {
        var (parent, key, index) = Pick(root);
        if (parent is JsonObject obj) obj.Remove(key!);
        else if (parent is JsonArray array) array.RemoveAt(index);
    }

    private byte[] DuplicateKey(JsonObject root)
    {
        var objects = All(root).Select(n => n.Node).OfType<JsonObject>().Where(o => o.Count > 0).ToList();
        objects.Add(root);
        var target = objects[random.Next(objects.Count)];
        var existing = target.ElementAt(random.Next(target.Count)).Key;
        target[Marker] = WrongValues[random.Next(WrongValues.Length)];
        return Encoding.UTF8.GetBytes(root.ToJsonString().Replace($"\"{Marker}\"", JsonValue.Create(existing)!.ToJsonString(), StringComparison.Ordinal));
    }

    private (JsonNode Parent, string? Key, int Index) Pick(JsonObject root)
    {
        var all = All(root).ToList();
        if (all.Count == 0) return (root, "extra", -1);
        var (parent, key, index, _) = all[random.Next(all.Count)];
        return (parent, key, index);
    }

    private static IEnumerable<(JsonNode Parent, string? Key, int Index, JsonNode? Node)> All(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj.ToList())
            {
                yield return (obj, key, -1, child);
                if (child is not null) foreach (var inner in All(child)) yield return inner;
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                yield return (array, null, i, array[i]);
                if (array[i] is { } child) foreach (var inner in All(child)) yield return inner;
            }
        }
    }
}
