namespace ComplianceBot.IntegrationTests.Deploy;

/// <summary>
/// deploy/Dockerfile's build stage, run here without Docker: its COPY lines lay out a build context from the
/// repository (minus what Dockerfile.dockerignore leaves out) and its RUN lines restore and publish the host.
/// </summary>
public sealed class ImageTests : IDisposable
{
    private static readonly string Dockerfile = Path.Combine(RepositoryPaths.Root, "deploy", "Dockerfile");
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Image_build_stage_publishes_the_host()
    {
        var lines = (await File.ReadAllLinesAsync(Dockerfile)).Select(l => l.Trim()).ToList();
        var runtime = lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var build = lines.Take(runtime).ToList();
        var context = Directory.CreateDirectory(Path.Combine(folder.Path, "src")).FullName;
        var output = Path.Combine(folder.Path, "app");

        foreach (var copy in build.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)))
        {
            var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
            foreach (var source in parts[..^1]) CopyIntoContext(source.TrimEnd('/'), Path.Combine(context, parts[^1] == "./" ? Path.GetFileName(source.TrimEnd('/')) : parts[^1].TrimEnd('/')));
        }

        var commands = build.Where(l => l.StartsWith("RUN dotnet ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, commands.Count);
        foreach (var command in commands)
        {
            var arguments = command["RUN dotnet ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(a => a == "/app" ? output : a).ToList();
            var (exitCode, printed) = await ToolProcess.RunAsync("dotnet", arguments, context, TimeSpan.FromMinutes(5));
            Assert.True(exitCode == 0, $"{command}\n{printed}");
        }

        Assert.True(File.Exists(Path.Combine(output, "ComplianceBot.Host.dll")));
        Assert.True(File.Exists(Path.Combine(output, "appsettings.json")));

        // The chart's font and licence, and the native drawing libraries: the runtime image adds nothing for them.
        Assert.True(File.Exists(Path.Combine(output, "Charts", "Fonts", "DejaVuSans.ttf")));
        Assert.True(File.Exists(Path.Combine(output, "Charts", "Fonts", "DejaVuSans.LICENSE.txt")));
        Assert.True(File.Exists(Path.Combine(output, "runtimes", "linux-x64", "native", "libSkiaSharp.so")));
        Assert.True(File.Exists(Path.Combine(output, "runtimes", "linux-x64", "native", "libHarfBuzzSharp.so")));

        // The runtime stage runs as the image's unprivileged user.
        Assert.Contains("USER $APP_UID", lines.Skip(runtime), StringComparer.Ordinal);
    }

    private static void CopyIntoContext(string source, string target)
    {
        var from = Path.Combine(RepositoryPaths.Root, source);
        if (File.Exists(from))
        {
            File.Copy(from, target);
            return;
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var segments = relative.Split(Path.DirectorySeparatorChar);
            if (segments.Any(s => s is "bin" or "obj" or "node_modules")) continue; // as Dockerfile.dockerignore says
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
    }
}
