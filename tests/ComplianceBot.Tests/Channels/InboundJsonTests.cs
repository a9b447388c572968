using System.Text;
using ComplianceBot.Channels;

namespace ComplianceBot.Tests.Channels;

public class InboundJsonTests
{
    [Theory]
    [InlineData("""{"type":"event_callback","event_id":"Ev01","event":{"type":"message","text":"🔐 ok \u00e9"}}""")]
    [InlineData("""{"a":[1,2,{"a":1}],"b":{"a":2}}""")]
    [InlineData("""{"pair":"\ud83d\udd10"}""")]
    public void Ordinary_json_passes(string json) => Assert.Null(InboundJson.Problem(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"event_id":"\ud800"}""", "lone surrogate")]
    [InlineData("""{"event_id":"x\udc00y"}""", "lone surrogate")]
    [InlineData("""{"\ud800":1}""", "lone surrogate")]
    [InlineData("""{"type":"a","type":"b"}""", "twice")]
    [InlineData("""{"a":{"b":1,"b":2}}""", "twice")]
    [InlineData("""{"a":1""", "well-formed")]
    [InlineData("""{"a":1} {"b":2}""", "well-formed")]
    [InlineData("", "empty")]
    public void Lone_surrogates_duplicate_keys_and_broken_json_are_refused(string json, string reason) =>
        Assert.Contains(reason, InboundJson.Problem(Encoding.UTF8.GetBytes(json)), StringComparison.Ordinal);

    [Fact]
    public void Invalid_utf8_and_deep_nesting_are_refused()
    {
        Assert.Contains("UTF-8", InboundJson.Problem([.. "{\"a\":\""u8, 0xFF, 0xFE, .. "\"}"u8]), StringComparison.Ordinal);
        Assert.Contains("UTF-8", InboundJson.Problem([.. "{\"a\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8]), StringComparison.Ordinal); // an encoded surrogate
        Assert.NotNull(InboundJson.Problem(Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000))));
    }

    [Fact]
    public void Objects_are_parsed_only_when_they_pass()
    {
        Assert.Equal("b", InboundJson.ParseObject("""{"a":"b"}""")!["a"]!.GetValue<string>());
        Assert.Null(InboundJson.ParseObject("""{"a":1,"a":2}"""));
        Assert.Null(InboundJson.ParseObject("[1]"));
        Assert.Null(InboundJson.ParseObject("\ud800"));
    }

    [Theory]
    [InlineData("payload=%7B%7D&token=x", "payload", "{}")]
    [InlineData("text=a+b%2Bc&x=", "text", "a b+c")]
    [InlineData("t=%F0%9F%94%90", "t", "🔐")]
    public void Form_fields_decode_like_a_form(string body, string name, string expected) =>
        Assert.Equal(expected, FormBody.Read(Encoding.UTF8.GetBytes(body)).Fields![name]);

    [Theory]
    [InlineData("text=%FF")]
    [InlineData("text=%ED%A0%80")]
    [InlineData("text=%4")]
    [InlineData("text=a&text=b")]
    public void Form_bodies_with_bad_encoding_or_a_field_twice_are_refused(string body)
    {
        var (fields, problem) = FormBody.Read(Encoding.UTF8.GetBytes(body));
        Assert.Null(fields);
        Assert.NotNull(problem);
    }
}
