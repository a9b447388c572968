using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ComplianceBot.Core.Reports;

/// <summary>
/// Writes a zip to a forward-only stream, hashing every file as it goes in, and ends it with manifest.json listing
/// each file's path, size and SHA-256. <see cref="ZipArchive"/> writes synchronously, so what it writes is held in
/// a small buffer and handed on asynchronously after each chunk: memory stays flat however many files go in (the
/// manifest's lines wait in a temporary file, not in memory).
/// </summary>
internal sealed class PackageZip : IAsyncDisposable
{
    public const string ManifestName = "manifest.json";
    private const int Chunk = 64 * 1024;

    private readonly DrainingBuffer buffer;
    private readonly ZipArchive zip;
    private readonly FileStream manifestLines;
    private readonly Utf8JsonWriter lineWriter;
    private readonly CancellationToken cancellationToken;

    public PackageZip(Stream output, CancellationToken cancellationToken)
    {
        buffer = new DrainingBuffer(output);
        zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        manifestLines = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
        lineWriter = new Utf8JsonWriter(manifestLines);
        this.cancellationToken = cancellationToken;
    }

    public int Files { get; private set; }

    /// <summary>Copies <paramref name="source"/> into the package; returns the SHA-256 (lower-case hex) and size of what went in.</summary>
    public async Task<(string Sha256, long Size)> AddAsync(string path, Stream source, CompressionLevel compression = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(Chunk);
        long size = 0;
        try
        {
            var entry = zip.CreateEntry(path, compression);
            using (var target = entry.Open())
            {
                int read;
                while ((read = await source.ReadAsync(chunk.AsMemory(0, Chunk), cancellationToken)) > 0)
                {
                    hash.AppendData(chunk, 0, read);
                    target.Write(chunk, 0, read);
                    size += read;
                    await buffer.DrainAsync(cancellationToken);
                }
            }

            await buffer.DrainAsync(cancellationToken);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }

        var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
        Record(path, sha, size);
        return (sha, size);
    }

    public async Task<(string Sha256, long Size)> AddTextAsync(string path, string text)
    {
        await using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await AddAsync(path, content);
    }

    /// <summary>Ends the package with manifest.json: <paramref name="header"/>'s properties, then "files", then <paramref name="footer"/>'s.</summary>
    public async Task FinishAsync(Action<Utf8JsonWriter> header, Action<Utf8JsonWriter> footer)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(footer);
        await lineWriter.FlushAsync(cancellationToken);
        manifestLines.Position = 0;
        var entry = zip.CreateEntry(ManifestName, CompressionLevel.Optimal);
        using (var target = entry.Open())
        {
            using var json = new Utf8JsonWriter(target, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            header(json);
            json.WriteStartArray("files");
            using (var lines = new StreamReader(manifestLines, Encoding.UTF8, false, 4096, leaveOpen: true))
            {
                while (await lines.ReadLineAsync(cancellationToken) is { } line)
                {
                    json.WriteRawValue(line, skipInputValidation: true);
                    if (json.BytesPending > Chunk)
                    {
                        json.Flush();
                        await buffer.DrainAsync(cancellationToken);
                    }
                }
            }

            json.WriteEndArray();
            footer(json);
            json.WriteEndObject();
        }

        zip.Dispose(); // writes the central directory
        await buffer.DrainAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        zip.Dispose();
        await lineWriter.DisposeAsync();
        await manifestLines.DisposeAsync();
        await buffer.DisposeAsync();
    }

    private void Record(string path, string sha256, long size)
    {
        lineWriter.WriteStartObject();
        lineWriter.WriteString("path", path);
        lineWriter.WriteNumber("size", size);
        lineWriter.WriteString("sha256", sha256);
        lineWriter.WriteEndObject();
        lineWriter.Flush();
        manifestLines.WriteByte((byte)'\n');
        // The writer separates top-level values with a comma only when asked to; each line stands alone.
        lineWriter.Reset();
        Files++;
    }

    /// <summary>Takes the zip's synchronous writes into memory and passes them on asynchronously.</summary>
    private sealed class DrainingBuffer(Stream destination) : Stream
    {
        private readonly MemoryStream pending = new();
        private long written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            pending.Write(buffer);
            written += buffer.Length;
        }

        public async Task DrainAsync(CancellationToken cancellationToken)
        {
            if (pending.Length == 0) return;
            await destination.WriteAsync(pending.GetBuffer().AsMemory(0, (int)pending.Length), cancellationToken);
            pending.SetLength(0);
            // Keep the buffer small after a large burst (the central directory of many files).
            if (pending.Capacity > 4 * Chunk) pending.Capacity = Chunk;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) pending.Dispose();
            base.Dispose(disposing);
        }
    }
}
