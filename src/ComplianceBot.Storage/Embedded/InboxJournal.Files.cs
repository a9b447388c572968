using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.IO.MemoryMappedFiles;
using System.Text;
using System.Text.Json;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Storage.Embedded;

/// <summary>
/// The journal on disk: numbered segment files of records. A record is framed as its length and CRC-32
/// (little-endian), then the length of the JSON of the item (without its payload) and its ETag, that JSON, and the
/// payload as UTF-8 (the payload, itself JSON, is not escaped into a string). A record cut short by a crash, one
/// that fails its checksum, or the zeros after the last record end what is read of a segment.
/// <para>
/// The current segment is reserved on disk at its full size and mapped into memory: appending is a copy into the
/// page cache, with no system call and no waiting, and the kernel writes the pages back. The pages belong to the
/// file, not to the process, so a record survives the process the moment it is copied.
/// </para>
/// </summary>
internal sealed partial class InboxJournal
{
    private const string LockName = "journal.lock";
    private const string SegmentSuffix = ".journal";
    private const int HeaderBytes = 8;
    private const int MaxRecordBytes = 16 * 1024 * 1024;
    private const long MinSegmentBytes = 32 * 1024 * 1024;

    /// <summary>A segment is read back whole at start, into one array.</summary>
    private static readonly long MaxSegmentBytes = Array.MaxLength;

    /// <summary>A segment holds at least this many times its snapshot, so snapshots cost a bounded share of the writing.</summary>
    private const int GrowthPerSnapshot = 3;

    private readonly string folder;
    private FileStream? lockFile;
    private Segment? segment;
    private long segmentNumber;
    private bool disposed;
    private Exception? broken;

    private sealed record Entry(string ETag, InboxItem Item);

    /// <summary>Opens (or creates) the journal in <paramref name="folder"/>, replays it and starts a fresh segment.</summary>
    /// <exception cref="InvalidOperationException">Another process or store has the journal open.</exception>
    public static InboxJournal Open(string folder, TimeProvider time)
    {
        Directory.CreateDirectory(folder);
        var journal = new InboxJournal(folder, time);
        try
        {
            journal.lockFile = new FileStream(Path.Combine(folder, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"The inbox journal in '{folder}' is in use by another ComplianceBot process; stop it first (the embedded store serves one process).", ex);
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

    /// <summary>
    /// Appends a framed record (under the gate); a full segment is followed by the next one first. A rotation
    /// that fails leaves the current segment as it was, so only this call fails; a failed copy into the segment
    /// stops the journal (<see cref="ThrowIfUnusable"/>).
    /// </summary>
    private void Append(byte[] record)
    {
        if (!segment!.HasRoomFor(record.Length)) Rotate(record.Length);
        try
        {
            segment!.Write(record);
        }
        catch (Exception ex)
        {
            broken = ex;
            throw;
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (broken is not null)
            throw new InvalidOperationException($"The inbox journal in '{folder}' could not be written ({broken.Message}); restart to replay it.", broken);
    }

    /// <summary>
    /// Starts the next segment (under the gate) with a snapshot of what is still needed and room for at least
    /// <paramref name="room"/> more bytes, makes it durable, and deletes the older segments.
    /// </summary>
    private void Rotate(long room)
    {
        var snapshot = TakeSnapshot().Select(Frame).ToList();
        var size = snapshot.Sum(r => (long)r.Length);
        var number = segmentNumber + 1;
        var capacity = Math.Min(MaxSegmentBytes, size + room + Math.Max(MinSegmentBytes, (GrowthPerSnapshot - 1L) * size));
        if (size + room > capacity)
            throw new InvalidOperationException($"The inbox journal's snapshot ({size} bytes) no longer fits a segment; too many items are pending or failed.");
        var path = SegmentPath(number);
        var next = Segment.Create(path, capacity);
        try
        {
            foreach (var record in snapshot) next.Write(record);
            next.Flush();
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
                if (broken is null) segment?.Flush();
            }
            finally
            {
                segment?.Dispose();
                lockFile?.Dispose();
            }
        }
    }

    /// <summary>One segment file, reserved at its full size and mapped for appending.</summary>
    private sealed class Segment : IDisposable
    {
        private readonly FileStream file;
        private readonly MemoryMappedFile map;
        private readonly MemoryMappedViewAccessor view;
        private readonly long capacity;
        private long offset;

        private Segment(FileStream file, MemoryMappedFile map, MemoryMappedViewAccessor view, long capacity) =>
            (this.file, this.map, this.view, this.capacity) = (file, map, view, capacity);

        public static Segment Create(string path, long capacity)
        {
            // Blocks are reserved before mapping, so a full disk fails here and not later, inside a page fault.
            // (A file system that cannot reserve space — few on Linux — would fail that way only when full.)
            var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.Read, PreallocationSize = capacity,
            });
            MemoryMappedFile? map = null;
            try
            {
                file.SetLength(capacity);
                map = MemoryMappedFile.CreateFromFile(file, null, capacity, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
                return new Segment(file, map, map.CreateViewAccessor(0, capacity, MemoryMappedFileAccess.ReadWrite), capacity);
            }
            catch
            {
                map?.Dispose();
                file.Dispose();
                TryDelete(path);
                throw;
            }
        }

        public bool HasRoomFor(long length) => capacity - offset >= length;

        public void Write(byte[] record)
        {
            if (!HasRoomFor(record.Length)) throw new InvalidOperationException("The journal segment has no room for the record.");
            view.WriteArray(offset, record, 0, record.Length);
            offset += record.Length;
        }

        /// <summary>Writes the mapped pages and the file to the disk (at rotation and when closing).</summary>
        public void Flush()
        {
            view.Flush();
            file.Flush(flushToDisk: true);
        }

        public void Dispose()
        {
            view.Dispose();
            map.Dispose();
            file.Dispose();
        }
    }
}
