using System.Diagnostics;

namespace ComplianceBot.IntegrationTests;

/// <summary>Where the repository and its test tools are, found from the test assembly's location.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Cards => Path.Combine(Root, "cards");

    public static string JsTools => Path.Combine(Root, "tests", "js");

    /// <summary>Runs a Node script from tests/js and returns what it printed; fails the test if it fails.</summary>
    public static async Task<string> RunNodeAsync(string script, params string[] arguments)
    {
        if (!Directory.Exists(Path.Combine(JsTools, "node_modules")))
            throw new InvalidOperationException($"Node packages are missing: run `npm ci --prefix {JsTools}` (CI does this).");
        var start = new ProcessStartInfo("node", ["--experimental-websocket", Path.Combine(JsTools, script), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = JsTools,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"node {script} failed: {await errors}");
        return await output;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComplianceBot.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Cannot find the repository root (ComplianceBot.sln) above " + AppContext.BaseDirectory);
    }
}
