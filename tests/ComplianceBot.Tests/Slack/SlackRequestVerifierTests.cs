using System.Text;
using ComplianceBot.Channels.Slack;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceBot.Tests.Slack;

public class SlackRequestVerifierTests
{
    // The worked example on Slack's "Verifying requests from Slack" page.
    private const string DocsSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const long DocsTimestamp = 1531420618;
    private const string DocsSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private const string DocsBody =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar"
        + "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com"
        + "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(DocsBody);

    private static SlackRequestVerifier At(long unixSeconds, string secret = DocsSecret) =>
        new(secret, new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));

    [Fact]
    public void Signing_reproduces_the_example_in_Slacks_documentation()
    {
        Assert.Equal(DocsSignature, SlackRequestVerifier.Sign(DocsSecret, DocsTimestamp, Body));
    }

    [Fact]
    public void The_documented_request_is_valid_at_its_own_time()
    {
        var result = At(DocsTimestamp).Verify("1531420618", DocsSignature, Body);
        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void Header_names_are_case_insensitive()
    {
        var headers = new HeaderDictionary { ["x-slack-request-timestamp"] = "1531420618", ["X-SLACK-SIGNATURE"] = DocsSignature };
        Assert.True(At(DocsTimestamp).Verify(headers, Body).IsValid);
    }

    [Fact]
    public void Upper_case_hex_is_the_same_signature()
    {
        Assert.True(At(DocsTimestamp).Verify("1531420618", "v0=" + DocsSignature[3..].ToUpperInvariant(), Body).IsValid);
    }

    [Theory]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    [InlineData(-86400, false)]
    public void Timestamps_more_than_five_minutes_from_now_either_way_are_stale(int offsetSeconds, bool valid)
    {
        var result = At(DocsTimestamp - offsetSeconds).Verify("1531420618", DocsSignature, Body);
        Assert.Equal(valid, result.IsValid);
        if (!valid) Assert.Equal(SlackVerificationFailure.Stale, result.Failure);
    }

    [Fact]
    public void A_tampered_body_has_a_bad_signature()
    {
        var tampered = Encoding.UTF8.GetBytes(DocsBody.Replace("user_name=roadrunner", "user_name=coyote", StringComparison.Ordinal));
        Assert.Equal(SlackVerificationFailure.BadSignature, At(DocsTimestamp).Verify("1531420618", DocsSignature, tampered).Failure);
    }

    [Fact]
    public void A_replayed_signature_with_a_new_timestamp_is_refused()
    {
        Assert.Equal(SlackVerificationFailure.BadSignature, At(DocsTimestamp + 10).Verify("1531420628", DocsSignature, Body).Failure);
    }

    [Fact]
    public void Another_secret_does_not_verify()
    {
        Assert.Equal(SlackVerificationFailure.BadSignature, At(DocsTimestamp, "another-secret").Verify("1531420618", DocsSignature, Body).Failure);
    }

    [Theory]
    [InlineData(null, DocsSignature, SlackVerificationFailure.MissingHeaders)]
    [InlineData("1531420618", null, SlackVerificationFailure.MissingHeaders)]
    [InlineData("", "", SlackVerificationFailure.MissingHeaders)]
    [InlineData("15314x0618", DocsSignature, SlackVerificationFailure.Malformed)]
    [InlineData("-1531420618", DocsSignature, SlackVerificationFailure.Malformed)]
    [InlineData("1531420618.5", DocsSignature, SlackVerificationFailure.Malformed)]
    [InlineData("99999999999999999999", DocsSignature, SlackVerificationFailure.Malformed)]
    [InlineData("1531420618", "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", SlackVerificationFailure.Malformed)]
    [InlineData("1531420618", "a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", SlackVerificationFailure.Malformed)]
    [InlineData("1531420618", "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b5", SlackVerificationFailure.Malformed)]
    [InlineData("1531420618", "v0=z2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", SlackVerificationFailure.Malformed)]
    [InlineData("1531420618", "v0=", SlackVerificationFailure.Malformed)]
    public void Missing_or_malformed_headers_are_refused_with_a_reason(string? timestamp, string? signature, SlackVerificationFailure failure)
    {
        var result = At(DocsTimestamp).Verify(timestamp, signature, Body);
        Assert.False(result.IsValid);
        Assert.Equal(failure, result.Failure);
        Assert.NotEmpty(result.Reason);
    }

    [Fact]
    public void Repeated_signature_headers_are_malformed()
    {
        var headers = new HeaderDictionary
        {
            [SlackRequestVerifier.TimestampHeader] = "1531420618",
            [SlackRequestVerifier.SignatureHeader] = new Microsoft.Extensions.Primitives.StringValues([DocsSignature, DocsSignature]),
        };
        Assert.Equal(SlackVerificationFailure.Malformed, At(DocsTimestamp).Verify(headers, Body).Failure);
    }

    [Fact]
    public void The_reason_never_contains_the_secret()
    {
        var result = At(DocsTimestamp).Verify("1531420618", "v0=" + new string('0', 64), Body);
        Assert.DoesNotContain(DocsSecret, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verifier_without_a_secret_cannot_be_made()
    {
        var error = Assert.Throws<ArgumentException>(() => new SlackRequestVerifier(new SlackOptions(), TimeProvider.System));
        Assert.Contains("Slack__SigningSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_body_is_signed_and_checked_like_any_other()
    {
        var signature = SlackRequestVerifier.Sign("s3cret", DocsTimestamp, []);
        Assert.True(At(DocsTimestamp, "s3cret").Verify("1531420618", signature, []).IsValid);
    }
}
