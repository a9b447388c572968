using System.Text;
using System.Text.Unicode;

namespace ComplianceBot.Channels;

/// <summary>
/// An application/x-www-form-urlencoded body read strictly: every name and value must percent-decode to valid
/// UTF-8, and no name may appear twice. Anything else is refused as a whole rather than guessed at.
/// </summary>
public static class FormBody
{
    /// <returns>The fields, or null with the reason (for the log) when the body is not acceptable.</returns>
    public static (IReadOnlyDictionary<string, string>? Fields, string? Problem) Read(ReadOnlySpan<byte> body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var range in body.Split((byte)'&'))
        {
            var pair = body[range];
            if (pair.IsEmpty) continue;
            var equals = pair.IndexOf((byte)'=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = Decode(equals < 0 ? [] : pair[(equals + 1)..]);
            if (name is null || value is null) return (null, "a field is not percent-encoded UTF-8");
            if (!fields.TryAdd(name, value)) return (null, "a field appears twice");
        }

        return (fields, null);
    }

    private static string? Decode(ReadOnlySpan<byte> encoded)
    {
        var decoded = new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == (byte)'+')
            {
                decoded[length++] = (byte)' ';
            }
            else if (b == (byte)'%')
            {
                if (i + 2 >= encoded.Length || !IsHex(encoded[i + 1]) || !IsHex(encoded[i + 2])) return null;
                decoded[length++] = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                i += 2;
            }
            else
            {
                decoded[length++] = b;
            }
        }

        var text = decoded.AsSpan(0, length);
        return Utf8.IsValid(text) ? Encoding.UTF8.GetString(text) : null;
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
