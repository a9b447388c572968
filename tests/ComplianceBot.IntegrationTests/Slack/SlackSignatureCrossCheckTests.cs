using System.Text;
using System.Text.Json.Nodes;
using ComplianceBot.Channels.Slack;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceBot.IntegrationTests.Slack;

/// <summary>Our signer and verifier against @slack/bolt's verifySlackRequest on the same requests.</summary>
public sealed class SlackSignatureCrossCheckTests
{
    private const long Now = 1_767_225_600;

    private sealed record Case(string Name, string Secret, string Timestamp, string Signature, string Body, long NowSeconds);

    private static List<Case> Cases()
    {
        const string secret = "e3b0c44298fc1c149afbf4c8996fb924";
        var eventBody = """{"token":"x","team_id":"T111","api_app_id":"A111","event":{"type":"app_mention","user":"U111","text":"<@U0LAN0Z89> status","ts":"1515449522.000016","channel":"C111","event_ts":"1515449522000016"},"type":"event_callback","event_id":"Ev111","event_time":1515449522}""";
        var unicodeBody = "payload=" + Uri.EscapeDataString("""{"type":"view_submission","view":{"state":{"values":{"title":{"title":{"type":"plain_text_input","value":"Überwachung — “quotes” & <tags> 🔐"}}}}}}""");
        var rawUnicode = """{"text":"Grüße 🔐 \"quoted\" & <b>"}""";
        var ts = Now.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string Sign(string body, long at, string key = secret) => SlackRequestVerifier.Sign(key, at, Encoding.UTF8.GetBytes(body));
        return
        [
            new("event", secret, ts, Sign(eventBody, Now), eventBody, Now),
            new("interaction with escaped unicode", secret, ts, Sign(unicodeBody, Now), unicodeBody, Now),
            new("raw unicode body", secret, ts, Sign(rawUnicode, Now), rawUnicode, Now),
            new("empty body", secret, ts, Sign("", Now), "", Now),
            new("four minutes old", secret, (Now - 240).ToString(System.Globalization.CultureInfo.InvariantCulture), Sign(eventBody, Now - 240), eventBody, Now),
            new("six minutes old", secret, (Now - 360).ToString(System.Globalization.CultureInfo.InvariantCulture), Sign(eventBody, Now - 360), eventBody, Now),
            new("tampered body", secret, ts, Sign(eventBody, Now), eventBody.Replace("status", "help", StringComparison.Ordinal), Now),
            new("other secret", secret, ts, Sign(eventBody, Now, "not-the-secret"), eventBody, Now),
            new("timestamp swapped after signing", secret, (Now - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Sign(eventBody, Now), eventBody, Now),
            new("unknown version", secret, ts, "v1=" + Sign(eventBody, Now)[3..], eventBody, Now),
            new("no hash", secret, ts, "v0=", eventBody, Now),
        ];
    }

    [Fact]
    public async Task Bolt_and_our_verifier_agree_on_every_request()
    {
        var cases = Cases();
        var file = Path.Combine(Path.GetTempPath(), $"slack-verify-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(file, new JsonArray(cases.Select(c => (JsonNode)new JsonObject
            {
                ["secret"] = c.Secret, ["timestamp"] = c.Timestamp, ["signature"] = c.Signature, ["body"] = c.Body, ["nowSeconds"] = c.NowSeconds,
            }).ToArray()).ToJsonString());
            var bolt = JsonNode.Parse(await RepositoryPaths.RunNodeAsync("slack-verify.js", file))!.AsArray();

            Assert.Equal(cases.Count, bolt.Count);
            for (var i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                var ours = new SlackRequestVerifier(c.Secret, new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(c.NowSeconds)))
                    .Verify(c.Timestamp, c.Signature, Encoding.UTF8.GetBytes(c.Body));
                var theirs = bolt[i]!["valid"]!.GetValue<bool>();
                Assert.True(theirs == ours.IsValid, $"{c.Name}: bolt says {theirs} ({bolt[i]!["error"]}), we say {ours.IsValid} ({ours.Reason})");
            }

            var accepted = cases.Where((c, i) => bolt[i]!["valid"]!.GetValue<bool>()).Select(c => c.Name);
            Assert.Equal(["event", "interaction with escaped unicode", "raw unicode body", "empty body", "four minutes old"], accepted);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
