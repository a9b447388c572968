namespace ComplianceBot.Core.Inbox;

/// <summary>
/// The inbox cannot write now (a full or unwritable disk, an unreachable account). Nothing was accepted: the
/// platform is answered 503 and sends the event again.
/// </summary>
public sealed class InboxUnavailableException : Exception
{
    public InboxUnavailableException()
    {
    }

    public InboxUnavailableException(string message)
        : base(message)
    {
    }

    public InboxUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
