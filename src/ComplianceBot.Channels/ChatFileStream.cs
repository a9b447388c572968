using System.Net;
using ComplianceBot.Core.Chat;

namespace ComplianceBot.Channels;

/// <summary>
/// A downloading file's content: a failure while reading (the connection dropped, the server stalled past the
/// client's time-out) comes out as <see cref="ChatFileUnavailableException"/>, as <see cref="IChatFileSource"/>
/// promises. The caller's own cancellation passes through unchanged.
/// </summary>
public sealed class ChatFileStream(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

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
            return await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception failure) when (Translate(failure, started: true, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return inner.Read(buffer, offset, count);
        }
        catch (Exception failure) when (Translate(failure, started: true, CancellationToken.None) is { } unavailable)
        {
            throw unavailable;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
