using System.Globalization;
using ComplianceBot.IntegrationTests.Deploy;

namespace ComplianceBot.IntegrationTests.StandIns;

/// <summary>
/// A throwaway PostgreSQL cluster (initdb in a scratch folder, trust authentication, loopback only) on a free port,
/// stopped and removed afterwards. PostgreSQL refuses to run as root, so a root test run starts it as the postgres
/// user that Debian's package creates.
/// </summary>
public sealed class PostgreSqlServer : IAsyncLifetime
{
    private const string User = "compliancebot";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);
    private readonly TempFolder workspace = new();
    private string binaries = "";
    private bool started;

    public int Port { get; private set; }

    /// <summary>The cluster's own database; each test keeps Hangfire's tables in a schema of its own.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={User};Database=postgres";

    private string DataFolder => Path.Combine(workspace.Path, "data");

    public async Task InitializeAsync()
    {
        binaries = FindBinaries();
        Port = FreePort.Next();
        if (Environment.IsPrivilegedProcess) await RunAsync("chown", ["-R", "postgres:postgres", workspace.Path]);
        await RunAsServerUserAsync("initdb", ["-D", DataFolder, "-U", User, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"]);
        var settings = string.Join(' ',
            "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", workspace.Path, "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
        await RunAsServerUserAsync("pg_ctl", ["-D", DataFolder, "-l", Path.Combine(workspace.Path, "server.log"), "-o", settings, "-w", "-t", "60", "start"]);
        started = true;
    }

    public async Task DisposeAsync()
    {
        if (started) await RunAsServerUserAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);
        workspace.Dispose();
    }

    private static string FindBinaries()
    {
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "The PostgreSQL tests need the server's initdb and pg_ctl under /usr/lib/postgresql/<version>/bin: " +
            "install the Debian package postgresql (tests/run-all.sh does).");
    }

    private Task RunAsServerUserAsync(string tool, string[] arguments)
    {
        var path = Path.Combine(binaries, tool);
        return Environment.IsPrivilegedProcess ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments]) : RunAsync(path, arguments);
    }

    private async Task RunAsync(string file, string[] arguments)
    {
        var (code, output) = await ToolProcess.RunAsync(file, arguments, workspace.Path, ToolTimeout);
        if (code != 0)
        {
            var log = Path.Combine(workspace.Path, "server.log");
            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {code}: {output}\n{serverLog}");
        }
    }
}
