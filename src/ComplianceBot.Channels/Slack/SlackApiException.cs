namespace ComplianceBot.Channels.Slack;

/// <summary>
/// A Web API call that did not succeed: Slack answered <c>ok:false</c> (<see cref="Error"/> is its error code,
/// e.g. <c>channel_not_found</c>), kept rate-limiting past our patience (<c>ratelimited</c>, with
/// <see cref="RetryAfter"/>), or failed at the HTTP level (<c>http_503</c>, <c>timeout</c>, …).
/// </summary>
public sealed class SlackApiException : Exception
{
    public SlackApiException(string method, string error, int? httpStatus = null, TimeSpan? retryAfter = null, bool mayHaveBeenCarriedOut = false, Exception? innerException = null)
        : base($"Slack {method} failed: {error}" + (httpStatus is { } s ? $" (HTTP {s})" : ""), innerException)
    {
        Method = method;
        Error = error;
        HttpStatus = httpStatus;
        RetryAfter = retryAfter;
        MayHaveBeenCarriedOut = mayHaveBeenCarriedOut;
    }

    public string Method { get; }

    /// <summary>Slack's error code, or ours for failures below the API (<c>http_NNN</c>, <c>timeout</c>, <c>network</c>).</summary>
    public string Error { get; }

    public int? HttpStatus { get; }

    /// <summary>How long Slack asked us to wait, when it rate-limited us.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// True when the request reached Slack and may have taken effect (a 5xx or a time-out on a post): it was not
    /// repeated, so nothing is posted twice; the caller decides whether to tell the person.
    /// </summary>
    public bool MayHaveBeenCarriedOut { get; }
}
