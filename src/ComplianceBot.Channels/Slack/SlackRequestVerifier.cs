using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ComplianceBot.Channels.Slack;

/// <summary>
/// Checks that a request came from Slack: <c>X-Slack-Signature</c> is <c>v0=</c> and the hex HMAC-SHA256 of
/// <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c> keyed with the signing secret, compared in constant time,
/// and the timestamp is within five minutes of now either way (Slack's own SDKs refuse only the past).
/// </summary>
public sealed class SlackRequestVerifier
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string Version = "v0";

    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private const int HashBytes = 32;
    private readonly byte[] key;
    private readonly TimeProvider time;

    public SlackRequestVerifier(SlackOptions options, TimeProvider time)
        : this(options?.SigningSecret!, time)
    {
    }

    /// <exception cref="ArgumentException">No secret: verification is never skipped.</exception>
    public SlackRequestVerifier(string signingSecret, TimeProvider time)
    {
        if (string.IsNullOrEmpty(signingSecret))
            throw new ArgumentException("Slack__SigningSecret is required to verify requests from Slack.", nameof(signingSecret));
        key = Encoding.UTF8.GetBytes(signingSecret);
        this.time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public SlackVerification Verify(IHeaderDictionary headers, ReadOnlySpan<byte> rawBody)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var timestamps = headers[TimestampHeader];
        var signatures = headers[SignatureHeader];
        if (timestamps.Count > 1 || signatures.Count > 1)
            return SlackVerification.Fail(SlackVerificationFailure.Malformed, "the signature headers appear more than once");
        return Verify(timestamps.ToString(), signatures.ToString(), rawBody);
    }

    public SlackVerification Verify(string? timestamp, string? signature, ReadOnlySpan<byte> rawBody)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
            return SlackVerification.Fail(SlackVerificationFailure.MissingHeaders, $"{TimestampHeader} or {SignatureHeader} is missing");
        if (timestamp.Length > 12 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return SlackVerification.Fail(SlackVerificationFailure.Malformed, $"{TimestampHeader} is not a number of seconds");

        Span<byte> claimed = stackalloc byte[HashBytes];
        if (!signature.StartsWith(Version + "=", StringComparison.Ordinal)
            || signature.Length != Version.Length + 1 + (HashBytes * 2)
            || Convert.FromHexString(signature.AsSpan(Version.Length + 1), claimed, out _, out var written) != OperationStatus.Done
            || written != HashBytes)
        {
            return SlackVerification.Fail(SlackVerificationFailure.Malformed, $"{SignatureHeader} is not v0= followed by 64 hex digits");
        }

        var age = time.GetUtcNow().ToUnixTimeSeconds() - seconds;
        if (Math.Abs(age) > (long)Tolerance.TotalSeconds)
            return SlackVerification.Fail(SlackVerificationFailure.Stale, $"the timestamp is {age} s from now; at most {Tolerance.TotalSeconds} s is allowed");

        Span<byte> expected = stackalloc byte[HashBytes];
        Compute(key, timestamp, rawBody, expected);
        return CryptographicOperations.FixedTimeEquals(expected, claimed)
            ? SlackVerification.Valid
            : SlackVerification.Fail(SlackVerificationFailure.BadSignature, "the signature does not match the body");
    }

    /// <summary>The <c>X-Slack-Signature</c> value Slack would send (for tests and for signing our own test traffic).</summary>
    public static string Sign(string signingSecret, long timestamp, ReadOnlySpan<byte> rawBody)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingSecret);
        Span<byte> hash = stackalloc byte[HashBytes];
        Compute(Encoding.UTF8.GetBytes(signingSecret), timestamp.ToString(CultureInfo.InvariantCulture), rawBody, hash);
        return Version + "=" + Convert.ToHexStringLower(hash);
    }

    private static void Compute(byte[] key, string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData("v0:"u8);
        Span<byte> digits = stackalloc byte[timestamp.Length];
        Encoding.ASCII.GetBytes(timestamp, digits);
        hmac.AppendData(digits);
        hmac.AppendData(":"u8);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }
}

/// <summary>Why a request was refused, for the log (never echoed to the caller).</summary>
public enum SlackVerificationFailure
{
    None,
    MissingHeaders,
    Malformed,
    Stale,
    BadSignature,
}

/// <summary>The outcome of checking a request's Slack signature.</summary>
public sealed record SlackVerification(SlackVerificationFailure Failure, string Reason)
{
    public static SlackVerification Valid { get; } = new(SlackVerificationFailure.None, "valid");

    public bool IsValid => Failure == SlackVerificationFailure.None;

    public static SlackVerification Fail(SlackVerificationFailure failure, string reason) => new(failure, reason);
}
