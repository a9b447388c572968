using System.Diagnostics;

namespace ComplianceBot.IntegrationTests.Host;

/// <summary>
/// A real, small file system (tmpfs) mounted for one test, that the test can fill to the last byte and free
/// again: what the bot sees when its data disk runs full. Mounting needs root, as the test command runs.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private readonly string filler;

    private SmallDisk(string path)
    {
        Path = path;
        filler = System.IO.Path.Combine(path, "filler.bin");
    }

    public string Path { get; }

    public static SmallDisk Mount(int megabytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cb-disk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        return new SmallDisk(path);
    }

    /// <summary>Writes a filler file until the file system refuses another byte.</summary>
    public void Fill()
    {
        using var file = new FileStream(filler, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[64 * 1024];
        try
        {
            while (true) file.Write(block);
        }
        catch (IOException)
        {
            // full: now fill what a whole block no longer fits into
        }

        try
        {
            while (true) file.Write(block, 0, 1);
        }
        catch (IOException)
        {
            // not one byte more
        }
    }

    public void Free() => File.Delete(filler);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Run("umount", "-l", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static void Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors.Trim()} — these tests mount a small tmpfs and must run as root.");
    }
}
