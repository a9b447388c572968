using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplianceBot.Host.Commands;

/// <summary>
/// `teams-package --app-id GUID [--manifest-dir manifests/teams] [--out compliancebot-teams.zip]`: the Teams app
/// package to upload, with the bot's app id written into the manifest.
/// </summary>
internal static class TeamsPackageCommand
{
    public const string Name = "teams-package";

    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        var options = Parse(args);
        var appId = options.GetValueOrDefault("--app-id") ?? Environment.GetEnvironmentVariable("Teams__AppId");
        if (!Guid.TryParse(appId, out var id))
        {
            errors.WriteLine("teams-package: give the bot's Microsoft App ID with --app-id (or set Teams__AppId); it must be a GUID.");
            return 2;
        }

        var folder = options.GetValueOrDefault("--manifest-dir") ?? Path.Combine("manifests", "teams");
        var manifestPath = Path.Combine(folder, "manifest.json");
        if (!File.Exists(manifestPath))
        {
            errors.WriteLine($"teams-package: {manifestPath} not found; run from the repository root or pass --manifest-dir.");
            return 2;
        }

        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        manifest["id"] = id.ToString();
        foreach (var bot in manifest["bots"]?.AsArray() ?? [])
        {
            bot!["botId"] = id.ToString();
        }

        var icons = new[] { manifest["icons"]?["color"]?.GetValue<string>(), manifest["icons"]?["outline"]?.GetValue<string>() }.OfType<string>().ToList();
        var missing = icons.Where(icon => !File.Exists(Path.Combine(folder, icon))).ToList();
        if (missing.Count > 0)
        {
            errors.WriteLine($"teams-package: icon files missing from {folder}: {string.Join(", ", missing)}.");
            return 2;
        }

        var target = Path.GetFullPath(options.GetValueOrDefault("--out") ?? "compliancebot-teams.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Delete(target);
        using (var zip = ZipFile.Open(target, ZipArchiveMode.Create))
        {
            using (var entry = new StreamWriter(zip.CreateEntry("manifest.json").Open()))
            {
                entry.Write(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }

            foreach (var icon in icons) zip.CreateEntryFromFile(Path.Combine(folder, icon), icon);
        }

        output.WriteLine($"Wrote {target} (app id {id}).");
        return 0;
    }

    private static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
        return options;
    }
}
