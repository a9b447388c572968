using System.Buffers.Binary;
using System.Text;

namespace ComplianceBot.IntegrationTests.Observability;

/// <summary>A span as an OTLP collector receives it: ids in hex, and its string, integer and boolean attributes.</summary>
public sealed record ReceivedSpan(string TraceId, string SpanId, string ParentSpanId, string Name, string Scope, IReadOnlyDictionary<string, string> Attributes)
{
    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;
}

/// <summary>
/// Reads an OTLP ExportTraceServiceRequest (protobuf): resource_spans(1) → scope_spans(2) → scope(1).name(1) and
/// spans(2) → trace_id(1), span_id(2), parent_span_id(4), name(5), attributes(9) as key(1) and value(2), where the
/// value is string_value(1), bool_value(2) or int_value(3). Every other field is skipped by its wire type.
/// </summary>
public static class OtlpSpanReader
{
    public static IReadOnlyList<ReceivedSpan> Read(ReadOnlySpan<byte> request)
    {
        var spans = new List<ReceivedSpan>();
        var reader = new Reader(request);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2) ReadResourceSpans(reader.Bytes(), spans);
            else reader.Skip(wire);
        }

        return spans;
    }

    private static void ReadResourceSpans(ReadOnlySpan<byte> message, List<ReceivedSpan> spans)
    {
        var reader = new Reader(message);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 2 && wire == 2) ReadScopeSpans(reader.Bytes(), spans);
            else reader.Skip(wire);
        }
    }

    private static void ReadScopeSpans(ReadOnlySpan<byte> message, List<ReceivedSpan> spans)
    {
        var reader = new Reader(message);
        var scope = "";
        var bodies = new List<byte[]>();
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2) scope = ReadScopeName(reader.Bytes());
            else if (field == 2 && wire == 2) bodies.Add(reader.Bytes().ToArray());
            else reader.Skip(wire);
        }

        foreach (var body in bodies) spans.Add(ReadSpan(body, scope));
    }

    private static string ReadScopeName(ReadOnlySpan<byte> message)
    {
        var reader = new Reader(message);
        var name = "";
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2) name = Encoding.UTF8.GetString(reader.Bytes());
            else reader.Skip(wire);
        }

        return name;
    }

    private static ReceivedSpan ReadSpan(ReadOnlySpan<byte> message, string scope)
    {
        var reader = new Reader(message);
        string traceId = "", spanId = "", parentId = "", name = "";
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Next(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, 2): traceId = Convert.ToHexStringLower(reader.Bytes()); break;
                case (2, 2): spanId = Convert.ToHexStringLower(reader.Bytes()); break;
                case (4, 2): parentId = Convert.ToHexStringLower(reader.Bytes()); break;
                case (5, 2): name = Encoding.UTF8.GetString(reader.Bytes()); break;
                case (9, 2):
                    var (key, value) = ReadAttribute(reader.Bytes());
                    if (value is not null) attributes[key] = value;
                    break;
                default: reader.Skip(wire); break;
            }
        }

        return new ReceivedSpan(traceId, spanId, parentId, name, scope, attributes);
    }

    private static (string Key, string? Value) ReadAttribute(ReadOnlySpan<byte> message)
    {
        var reader = new Reader(message);
        string key = "";
        string? value = null;
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2) key = Encoding.UTF8.GetString(reader.Bytes());
            else if (field == 2 && wire == 2) value = ReadAnyValue(reader.Bytes());
            else reader.Skip(wire);
        }

        return (key, value);
    }

    private static string? ReadAnyValue(ReadOnlySpan<byte> message)
    {
        var reader = new Reader(message);
        string? value = null;
        while (reader.Next(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, 2): value = Encoding.UTF8.GetString(reader.Bytes()); break;
                case (2, 0): value = reader.Varint() != 0 ? "true" : "false"; break;
                case (3, 0): value = ((long)reader.Varint()).ToString(System.Globalization.CultureInfo.InvariantCulture); break;
                default: reader.Skip(wire); break;
            }
        }

        return value;
    }

    /// <summary>Protobuf's wire format: a varint tag (field number and wire type), then the value.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> data = data;
        private int position;

        public bool Next(out int field, out int wire)
        {
            field = wire = 0;
            if (position >= data.Length) return false;
            var tag = Varint();
            field = (int)(tag >> 3);
            wire = (int)(tag & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = data[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return value;
            }

            throw new FormatException("A varint longer than 10 bytes.");
        }

        public ReadOnlySpan<byte> Bytes()
        {
            var length = checked((int)Varint());
            var bytes = data.Slice(position, length);
            position += length;
            return bytes;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: _ = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(position, 8)); position += 8; break;
                case 2: Bytes(); break;
                case 5: position += 4; break;
                default: throw new FormatException($"Wire type {wire} is not used by OTLP.");
            }
        }
    }
}
