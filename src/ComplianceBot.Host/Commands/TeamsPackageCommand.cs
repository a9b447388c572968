using System.CommandLine;
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

    public static Command Create()
    {
        var appId = new Option<string?>("--app-id") { Description = "The bot's Microsoft App ID, a GUID (default: the Teams__AppId environment variable)." };
        var manifestDir = new Option<string>("--manifest-dir")
        {
            Description = "The folder with manifest.json and its icons.",
            DefaultValueFactory = _ => Path.Combine("manifests", "teams"),
        };
        var target = new Option<string>("--out") { Description = "The zip file to write.", DefaultValueFactory = _ => "compliancebot-teams.zip" };
        var command = new Command(Name, "Writes the Teams app package to upload, with the bot's app id in its manifest.") { appId, manifestDir, target };
        command.SetAction(result => Run(
            result.GetValue(appId) ?? Environment.GetEnvironmentVariable("Teams__AppId"),
            result.GetValue(manifestDir)!, result.GetValue(target)!,
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string? appId, string folder, string target, TextWriter output, TextWriter errors)
    {
        if (!Guid.TryParse(appId, out var id))
        {
            errors.WriteLine("teams-package: give the bot's Microsoft App ID with --app-id (or set Teams__AppId); it must be a GUID.");
            return 2;
        }

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

        target = Path.GetFullPath(target);
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
}
