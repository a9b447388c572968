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
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
