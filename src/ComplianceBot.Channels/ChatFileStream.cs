using System.Net;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Filing;

namespace ComplianceBot.Channels;

/// <summary>
/// A downloading file's content: a failure while reading (the connection dropped, the server stalled past the
/// client's time-out) comes out as <see cref="ChatFileUnavailableException"/>, as <see cref="IChatFileSource"/>
/// promises. The caller's own cancellation passes through unchanged.
/// </summary>
public sealed class ChatFileStream(Stream inner) : ReadThroughStream(inner)
{
    /// <summary>The problem an HTTP status means for a file download.</summary>
    public static ChatFileProblem ProblemOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound or HttpStatusCode.Gone => ChatFileProblem.Gone,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ChatFileProblem.Refused,
        HttpStatusCode.RequestEntityTooLarge => ChatFileProblem.TooLarge,
        HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => ChatFileProblem.TimedOut,
        _ => ChatFileProblem.Unreachable,
    };

    /// <summary>Translates what a download can throw; null for exceptions that are not the download's (and the caller's cancellation).</summary>
    public static ChatFileUnavailableException? Translate(Exception failure, bool started, CancellationToken cancellationToken) => failure switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        OperationCanceledException or TimeoutException => new(ChatFileProblem.TimedOut, "The file download timed out.", failure),
        HttpRequestException { StatusCode: { } status } => new(ProblemOf(status), $"The file download was refused ({(int)status}).", failure),
        HttpRequestException or IOException when started => new(ChatFileProblem.Interrupted, "The file download broke off.", failure),
        HttpRequestException or IOException => new(ChatFileProblem.Unreachable, "The file's server could not be reached.", failure),
        _ => null,
    };

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception failure) when (Translate(failure, started: true, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Inner.Read(buffer);
        }
        catch (Exception failure) when (Translate(failure, started: true, CancellationToken.None) is { } unavailable)
        {
            throw unavailable;
        }
    }
}
