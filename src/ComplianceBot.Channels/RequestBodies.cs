using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace ComplianceBot.Channels;

/// <summary>Reading what a chat platform posted: the raw bytes (signatures are over them), never more than a limit.</summary>
public static class RequestBodies
{
    /// <returns>The body, or null when it is larger than <paramref name="maxBytes"/> (nothing more is read).</returns>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes) return null;
        if (request.ContentLength is { } announced)
        {
            // The usual case (the platforms send Content-Length): read straight into a buffer of that size. The
            // server ends the body at the announced length, so it cannot run over.
            var exact = new byte[announced];
            var filled = 0;
            int got;
            while (filled < exact.Length && (got = await request.Body.ReadAsync(exact.AsMemory(filled), cancellationToken)) > 0) filled += got;
            return exact.AsMemory(0, filled);
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
