using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using ComplianceBot.Core.Inbox;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Storage.Embedded;

/// <summary>
/// The journal on disk: numbered segment files of records. A record is framed as its length and CRC-32
/// (little-endian), then the length of the JSON of the item (without its payload) and its ETag, that JSON, and the
/// payload as UTF-8 (the payload, itself JSON, is not escaped into a string). A record cut short by a crash, or
/// one that fails its checksum, ends what is read of a segment.
/// <para>
/// Each record is one write to the end of the current segment file (no buffering in the process, no flush to the
/// device): a failed write (a full or unwritable disk) is an error the call reports, never a fault in the process.
/// </para>
/// </summary>
internal sealed partial class InboxJournal
{
    private const string LockName = "journal.lock";
    private const string SegmentSuffix = ".journal";
    private const int HeaderBytes = 8;
    private const int MaxRecordBytes = 16 * 1024 * 1024;

    /// <summary>A segment is followed by the next once it holds this much, or more when the snapshot is large.</summary>
    private const long MinSegmentBytes = 8 * 1024 * 1024;

    /// <summary>A segment is read back whole at start, into one array.</summary>
    private static readonly long MaxSegmentBytes = Array.MaxLength;

    /// <summary>A segment grows to at least this many times its snapshot, so snapshots cost a bounded share of the writing.</summary>
    private const int GrowthPerSnapshot = 3;

    private readonly string folder;
    private FileStream? lockFile;
    private FileStream? segment;
    private long segmentLimit;
    private long segmentNumber;
    private bool disposed;
    private Exception? broken;

    private sealed record Entry(string ETag, InboxItem Item);

    /// <summary>Opens (or creates) the journal in <paramref name="folder"/>, replays it and starts a fresh segment.</summary>
    /// <exception cref="InvalidOperationException">Another process or inbox has the journal open.</exception>
    /// <exception cref="IOException">The folder cannot be read or written.</exception>
    public static InboxJournal Open(string folder, TimeProvider time)
    {
        Directory.CreateDirectory(folder);
        var journal = new InboxJournal(folder, time);
        try
        {
            journal.lockFile = new FileStream(Path.Combine(folder, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex.Message.Contains("another process", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The inbox journal in '{folder}' is in use by another ComplianceBot process; stop it first (the embedded inbox serves one process).", ex);
        }

        try
        {
            var segments = Segments(folder);
            foreach (var (_, path) in segments) journal.Replay(File.ReadAllBytes(path));
            journal.segmentNumber = segments.Count > 0 ? segments[^1].Number : 0;
            lock (journal.gate) journal.Rotate(0);
            return journal;
        }
        catch
        {
            journal.Dispose();
            throw;
        }
    }

    private static List<(long Number, string Path)> Segments(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*" + SegmentSuffix)
            .Select(path => (Ok: long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var n), Number: n, Path: path))
            .Where(s => s.Ok)
            .Select(s => (s.Number, s.Path))
            .OrderBy(s => s.Number)];

    private string SegmentPath(long number) => Path.Combine(folder, number.ToString("D10", CultureInfo.InvariantCulture) + SegmentSuffix);

    private void Replay(ReadOnlySpan<byte> bytes)
    {
        var position = 0;
        while (bytes.Length - position >= HeaderBytes)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[position..]);
            var checksum = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(position + 4)..]);
            if (length <= 4 || length > MaxRecordBytes || bytes.Length - position - HeaderBytes < length) return; // the end, or cut short
            var body = bytes.Slice(position + HeaderBytes, length);
            if (Crc32.HashToUInt32(body) != checksum) return; // torn or damaged: nothing after it is trusted
            var metaLength = BinaryPrimitives.ReadInt32LittleEndian(body);
            if (metaLength <= 0 || metaLength > body.Length - 4) return;
            var entry = JsonSerializer.Deserialize<Entry>(body.Slice(4, metaLength), ComplianceJson.Options);
            if (entry?.Item is null) return;
            var payload = Encoding.UTF8.GetString(body[(4 + metaLength)..]);
            Apply(new Stored<InboxItem>(entry.Item with { Payload = payload }, entry.ETag));
            position += HeaderBytes + length;
        }
    }

    /// <summary>The record for an item as it goes into a segment, header included.</summary>
    /// <exception cref="ArgumentException">The record would be larger than a record may be (the payload is far over any platform's limit).</exception>
    private static byte[] Frame(Stored<InboxItem> stored)
    {
        var meta = JsonSerializer.SerializeToUtf8Bytes(new Entry(stored.ETag, stored.Document with { Payload = "" }), ComplianceJson.Options);
        var payload = stored.Document.Payload;
        var length = 4L + meta.Length + Encoding.UTF8.GetByteCount(payload);
        if (length > MaxRecordBytes)
            throw new ArgumentException($"The inbox item '{stored.Document.Id}' is {length} bytes; a journal record holds at most {MaxRecordBytes}.", nameof(stored));
        var record = new byte[HeaderBytes + length];
        var body = record.AsSpan(HeaderBytes);
        BinaryPrimitives.WriteInt32LittleEndian(body, meta.Length);
        meta.CopyTo(body[4..]);
        Encoding.UTF8.GetBytes(payload, body[(4 + meta.Length)..]);
        BinaryPrimitives.WriteInt32LittleEndian(record, body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32.HashToUInt32(body));
        return record;
    }

    /// <summary>Appends a framed record (under the gate); a full segment is followed by the next one first.</summary>
    private void Append(byte[] record)
    {
        try
        {
            if (segment!.Length + record.Length > segmentLimit) Rotate(record.Length);
            segment!.Write(record);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Part of the record may be in the file: nothing more is written there. The next call starts a fresh
            // segment from memory (which this record never reached) before it writes.
            broken = ex;
            throw Unavailable(ex);
        }
    }

    /// <summary>Refuses a disposed journal; after a failed write, first tries to start afresh (under the gate).</summary>
    private void EnsureWritable()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (broken is null) return;
        try
        {
            Rotate(0);
            broken = null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unavailable(ex);
        }
    }

    /// <summary>Whether the journal can be written now; a journal stopped by a failed write tries to start afresh.</summary>
    public string? Problem()
    {
        lock (gate)
        {
            try
            {
                EnsureWritable();
                return null;
            }
            catch (InboxUnavailableException ex)
            {
                return ex.Message;
            }
        }
    }

    private InboxUnavailableException Unavailable(Exception cause) =>
        new($"The inbox journal in '{folder}' cannot be written: {cause.Message}", cause);

    /// <summary>
    /// Starts the next segment (under the gate) with a snapshot of what is still needed and room for at least
    /// <paramref name="room"/> more bytes, and deletes the older segments. When it fails, the current segment is
    /// left as it was and the new file removed.
    /// </summary>
    private void Rotate(long room)
    {
        var snapshot = TakeSnapshot().Select(Frame).ToList();
        var size = snapshot.Sum(r => (long)r.Length);
        if (size + room > MaxSegmentBytes)
            throw new IOException($"The inbox journal's snapshot ({size} bytes) no longer fits a segment; too many items are pending or failed.");
        var number = segmentNumber + 1;
        var path = SegmentPath(number);
        var next = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        try
        {
            var buffered = new BufferedStream(next, 1 << 16); // not disposed: that would close the segment
            foreach (var record in snapshot) buffered.Write(record);
            buffered.Flush();
        }
        catch
        {
            next.Dispose();
            TryDelete(path);
            throw;
        }

        var previous = segment;
        segment = next;
        segmentNumber = number;
        segmentLimit = Math.Min(MaxSegmentBytes, size + room + Math.Max(MinSegmentBytes, (GrowthPerSnapshot - 1L) * size));
        previous?.Dispose();

        // Older segments are no longer needed; one left behind (deleting failed) replays harmlessly before the
        // newer ones and goes at the next rotation.
        foreach (var (old, oldPath) in Segments(folder))
        {
            if (old < number) TryDelete(oldPath);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // left for the next rotation
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
            try
            {
                segment?.Dispose();
            }
            catch (IOException)
            {
                // nothing is buffered in the process; closing a file on a failing disk may still report it
            }

            lockFile?.Dispose();
        }
    }
}
