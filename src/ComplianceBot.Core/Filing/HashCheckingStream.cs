using System.Security.Cryptography;

namespace ComplianceBot.Core.Filing;

/// <summary>Reads through to an inner stream and, at its end, checks the SHA-256 of everything read.</summary>
public sealed class HashCheckingStream(Stream inner, string expectedSha256) : ReadThroughStream(inner)
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool checkedAtEnd;

    public override long Length => Inner.Length;

    public override long Position { get => Inner.Position; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        var read = Inner.Read(buffer);
        return Observe(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Inner.ReadAsync(buffer, cancellationToken);
        return Observe(buffer.Span[..read]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) hash.Dispose();
        base.Dispose(disposing);
    }

    private int Observe(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length > 0)
        {
            hash.AppendData(chunk);
            return chunk.Length;
        }

        if (!checkedAtEnd)
        {
            checkedAtEnd = true;
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != expectedSha256)
            {
                throw new EvidenceIntegrityException($"Stored evidence {expectedSha256} reads back as {actual}: the content was altered.");
            }
        }

        return 0;
    }
}
