using Microsoft.Data.Sqlite;

namespace ComplianceBot.IntegrationTests;

/// <summary>A scratch directory removed with everything in it (read-only evidence files included).</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cb-it-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(Path, recursive: true);
    }
}
