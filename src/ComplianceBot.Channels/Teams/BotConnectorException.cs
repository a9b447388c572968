namespace ComplianceBot.Channels.Teams;

/// <summary>
/// A Bot Connector call that did not succeed: the service answered an error status (<see cref="Code"/> is its
/// error code when the body carried one, e.g. <c>ConversationBlockedByUser</c>), timed out, or could not be reached.
/// </summary>
public sealed class BotConnectorException : Exception
{
    public BotConnectorException(string operation, int? httpStatus, string? code, bool mayHaveBeenCarriedOut, Exception? innerException = null)
        : base($"The Bot Connector failed {operation}: " + (httpStatus is { } s ? $"HTTP {s}" : "no answer") + (code is null ? "" : $" ({code})"), innerException)
    {
        Operation = operation;
        HttpStatus = httpStatus;
        Code = code;
        MayHaveBeenCarriedOut = mayHaveBeenCarriedOut;
    }

    public BotConnectorException()
        : this("a call", null, null, mayHaveBeenCarriedOut: true)
    {
    }

    public BotConnectorException(string message)
        : this(message, innerException: null)
    {
    }

    public BotConnectorException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Operation = "a call";
        MayHaveBeenCarriedOut = true;
    }

    /// <summary>What was asked (<c>POST activities</c>, <c>PUT activities</c>, <c>POST conversations</c>, <c>GET members</c>).</summary>
    public string Operation { get; }

    public int? HttpStatus { get; }

    /// <summary>The service's error code from the body, when it gave one.</summary>
    public string? Code { get; }

    /// <summary>True when the request reached the service and may have taken effect (a 5xx or a time-out on a POST).</summary>
    public bool MayHaveBeenCarriedOut { get; }
}
