using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace ComplianceBot.Storage.Embedded;

/// <summary>
/// The journal on disk: numbered segment files of records, each framed as its length and CRC-32 (little-endian)
/// followed by the length of the JSON of the item (without its payload) and its ETag, that JSON, and the payload
/// as UTF-8 (so the payload, itself JSON, is not escaped into a string). A record cut short by a crash, or one that fails its checksum,
/// ends what is read of its segment. Writes are group commits without a writer thread: whoever appends while no
/// write is under way writes everything queued, and the callers that asked to wait are answered when their bytes
/// are written.
/// </summary>
internal sealed partial class InboxJournal
{
    private const string LockName = "journal.lock";
    private const string SegmentSuffix = ".journal";
    private const int HeaderBytes = 8;
    private const int MaxRecordBytes = 16 * 1024 * 1024;
    private const long MinSegmentBytes = 32 * 1024 * 1024;

    /// <summary>A segment grows to at least this many times its snapshot before the next one starts, so snapshots cost a bounded share of the writing.</summary>
    private const int GrowthPerSnapshot = 3;

    /// <summary>A caller that leads writes at most this many rounds for others before handing the rest to the thread pool.</summary>
    private const int MaxRoundsPerLeader = 4;

    private readonly string folder;
    private FileStream? lockFile;
    private SafeFileHandle? segment;
    private long segmentNumber;
    private long offset;
    private long rotateAt;

    private ArrayBufferWriter<byte> queued = new(64 * 1024);
    private ArrayBufferWriter<byte>? spare = new(64 * 1024);
    private TaskCompletionSource? queuedWritten;
    private bool writing;
    private bool disposed;
    private Exception? broken;

    /// <summary>What appending a record left the caller to do: write the queue itself (it leads), or wait for the write.</summary>
    private readonly record struct Pending(bool Leads, Task? Written);

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
            journal.writing = true;
            journal.Rotate();
            journal.writing = false;
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
            if (length <= 0 || length > MaxRecordBytes || bytes.Length - position - HeaderBytes < length) return; // cut short
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

    private static byte[] Serialize(Stored<InboxItem> stored)
    {
        var meta = JsonSerializer.SerializeToUtf8Bytes(new Entry(stored.ETag, stored.Document with { Payload = "" }), ComplianceJson.Options);
        var payload = stored.Document.Payload;
        var record = new byte[4 + meta.Length + Encoding.UTF8.GetByteCount(payload)];
        BinaryPrimitives.WriteInt32LittleEndian(record, meta.Length);
        meta.CopyTo(record, 4);
        Encoding.UTF8.GetBytes(payload, record.AsSpan(4 + meta.Length));
        return record;
    }

    private static void Frame(ArrayBufferWriter<byte> to, ReadOnlySpan<byte> record)
    {
        var header = to.GetSpan(HeaderBytes);
        BinaryPrimitives.WriteInt32LittleEndian(header, record.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.HashToUInt32(record));
        to.Advance(HeaderBytes);
        to.Write(record);
    }

    /// <summary>Queues a record (under the gate). The first caller while nothing is being written leads the write.</summary>
    private Pending Append(byte[] record, bool waitForWrite)
    {
        Frame(queued, record);
        if (!writing)
        {
            writing = true;
            return new Pending(Leads: true, null);
        }

        return new Pending(false, waitForWrite ? (queuedWritten ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task : null);
    }

    /// <summary>Writes what is queued, round after round while more arrives; only the caller that leads runs this.</summary>
    private void WriteQueued()
    {
        for (var round = 0; ; round++)
        {
            ArrayBufferWriter<byte> batch;
            TaskCompletionSource? done;
            lock (gate)
            {
                if (queued.WrittenCount == 0 || broken is not null)
                {
                    writing = false;
                    return;
                }

                if (round == MaxRoundsPerLeader)
                {
                    // Still busy: the rest is written on the thread pool, so this caller can answer its own request.
                    ThreadPool.UnsafeQueueUserWorkItem(static journal => journal.WriteQueuedOrFail(), this, preferLocal: false);
                    return;
                }

                batch = queued;
                queued = spare ?? new ArrayBufferWriter<byte>(64 * 1024);
                spare = null;
                done = queuedWritten;
                queuedWritten = null;
            }

            try
            {
                RandomAccess.Write(segment!, batch.WrittenSpan, offset);
                offset += batch.WrittenCount;
                if (offset >= rotateAt) Rotate();
            }
            catch (Exception ex)
            {
                Fail(ex, done);
                throw;
            }

            batch.ResetWrittenCount();
            lock (gate) spare ??= batch;
            done?.TrySetResult();
        }
    }

    private void WriteQueuedOrFail()
    {
        try
        {
            WriteQueued();
        }
#pragma warning disable CA1031 // the failure is kept in `broken` and given to every caller from now on
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void Fail(Exception error, TaskCompletionSource? batch)
    {
        TaskCompletionSource? next;
        lock (gate)
        {
            broken = error;
            writing = false;
            next = queuedWritten;
            queuedWritten = null;
        }

        batch?.TrySetException(error);
        next?.TrySetException(error);
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (broken is not null)
            throw new InvalidOperationException($"The inbox journal in '{folder}' could not be written ({broken.Message}); restart to replay it.", broken);
    }

    /// <summary>
    /// Starts the next segment with a snapshot of what is still needed, makes it durable, and deletes the older
    /// segments. Runs while this caller holds the write, so nothing else writes the files meanwhile; records
    /// queued but not yet written go to the new segment after the snapshot, where replaying them changes nothing.
    /// </summary>
    private void Rotate()
    {
        var snapshot = new ArrayBufferWriter<byte>(64 * 1024);
        foreach (var stored in TakeSnapshot()) Frame(snapshot, Serialize(stored));

        var number = segmentNumber + 1;
        var limit = snapshot.WrittenCount + Math.Max(MinSegmentBytes, (GrowthPerSnapshot - 1L) * snapshot.WrittenCount);

        // The space is reserved up front, so appending does not allocate blocks write by write.
        var next = File.OpenHandle(SegmentPath(number), FileMode.CreateNew, FileAccess.Write, FileShare.Read, FileOptions.None, preallocationSize: limit);
        try
        {
            RandomAccess.Write(next, snapshot.WrittenSpan, 0);
            RandomAccess.FlushToDisk(next);
        }
        catch
        {
            next.Dispose();
            throw;
        }

        var previous = segment;
        segment = next;
        segmentNumber = number;
        offset = snapshot.WrittenCount;
        rotateAt = limit;
        previous?.Dispose();
        foreach (var (old, path) in Segments(folder))
        {
            if (old < number) File.Delete(path);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed) return;
            disposed = true;
        }

        // Let a write under way finish, then write what is still queued.
        var wait = new SpinWait();
        var deadline = Environment.TickCount64 + 5000;
        while (Volatile.Read(ref writing) && Environment.TickCount64 < deadline) wait.SpinOnce();
        try
        {
            if (segment is not null && broken is null && queued.WrittenCount > 0)
            {
                RandomAccess.Write(segment, queued.WrittenSpan, offset);
                offset += queued.WrittenCount;
            }

            if (segment is not null && broken is null) RandomAccess.FlushToDisk(segment);
        }
        finally
        {
            queuedWritten?.TrySetResult();
            segment?.Dispose();
            lockFile?.Dispose();
        }
    }
}
