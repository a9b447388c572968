namespace ComplianceBot.Core.Chat;

/// <summary>Why a file a person sent could not be fetched from their chat platform.</summary>
public enum ChatFileProblem
{
    /// <summary>The link is gone (404, 410): the file was deleted or the link expired.</summary>
    Gone,

    /// <summary>The platform refused us the file (401, 403, a sign-in page).</summary>
    Refused,

    /// <summary>The platform could not be reached or answered with an error.</summary>
    Unreachable,

    /// <summary>The download took too long.</summary>
    TimedOut,

    /// <summary>The file is larger than evidence may be.</summary>
    TooLarge,

    /// <summary>The download broke off part-way.</summary>
    Interrupted,
}

/// <summary>
/// A file could not be fetched, as opening it or while reading it: the one failure <see cref="IChatFileSource"/>
/// reports, so a conversation can tell the person what to do next instead of failing.
/// </summary>
public sealed class ChatFileUnavailableException : Exception
{
    public ChatFileUnavailableException(ChatFileProblem problem, string message, Exception? innerException = null)
        : base(message, innerException) => Problem = problem;

    public ChatFileUnavailableException()
        : this(ChatFileProblem.Unreachable, "The file could not be downloaded.")
    {
    }

    public ChatFileUnavailableException(string message)
        : this(ChatFileProblem.Unreachable, message)
    {
    }

    public ChatFileUnavailableException(string message, Exception innerException)
        : this(ChatFileProblem.Unreachable, message, innerException)
    {
    }

    public ChatFileProblem Problem { get; }
}
