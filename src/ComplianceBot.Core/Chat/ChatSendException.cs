namespace ComplianceBot.Core.Chat;

/// <summary>What a failed send means for whoever asked for it.</summary>
public enum SendFailure
{
    /// <summary>
    /// The request reached the platform and may have been carried out (a server error or a time-out after it was
    /// sent). Sending it again could post the message twice. The safe reading when nothing more is known.
    /// </summary>
    MayHaveBeenDelivered,

    /// <summary>Certainly not delivered (refused by the platform, or it never reached it); sending again later is safe.</summary>
    NotDelivered,

    /// <summary>
    /// Not delivered, because the recipient cannot be messaged: no such person or conversation, the bot blocked,
    /// removed or not in the conversation, or no way configured to reach them. Retrying will not help until that changes.
    /// </summary>
    RecipientUnreachable,
}

/// <summary>
/// The one failure of the channel seam: every failed <see cref="IChatChannel"/> call throws this, whatever the
/// platform, so callers decide on <see cref="Failure"/> alone (resend, reconcile, or skip the person).
/// </summary>
public sealed class ChatSendException : Exception
{
    public ChatSendException(string platform, string reason, SendFailure failure, Exception? innerException = null)
        : base($"Sending on {platform} failed: {reason}", innerException)
    {
        Platform = platform;
        Reason = reason;
        Failure = failure;
    }

    public ChatSendException()
        : this("unknown", "unknown", SendFailure.MayHaveBeenDelivered)
    {
    }

    public ChatSendException(string message)
        : this(message, innerException: null)
    {
    }

    public ChatSendException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Platform = "unknown";
        Reason = message;
    }

    public string Platform { get; }

    /// <summary>The platform's own code for the failure (<c>channel_not_found</c>, <c>http_403</c>, <c>timeout</c>, …): an id, never content.</summary>
    public string Reason { get; }

    public SendFailure Failure { get; } = SendFailure.MayHaveBeenDelivered;

    public bool MayHaveBeenDelivered => Failure == SendFailure.MayHaveBeenDelivered;

    public bool RecipientUnreachable => Failure == SendFailure.RecipientUnreachable;
}
