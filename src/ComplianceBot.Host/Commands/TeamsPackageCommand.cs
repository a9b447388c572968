using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplianceBot.Host.Commands;

/// <summary>
/// `teams-package --app-id GUID --developer-name … --website-url … --privacy-url … --terms-url … [--manifest-dir
/// manifests/teams] [--out compliancebot-teams.zip]`: the Teams app package to upload, with the bot's app id and the
/// organisation's own developer details written into the manifest. Without those details it refuses: the
/// manifest's example.com placeholders would reach people's Teams clients.
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
        var developer = new Option<string?>("--developer-name") { Description = "Who publishes the app in your organisation, as Teams shows it (e.g. Contoso IT)." };
        var website = new Option<string?>("--website-url") { Description = "Your https page about the app." };
        var privacy = new Option<string?>("--privacy-url") { Description = "Your https privacy statement." };
        var terms = new Option<string?>("--terms-url") { Description = "Your https terms of use." };
        var command = new Command(Name, "Writes the Teams app package to upload, with the bot's app id and your developer name and https links in its manifest.")
        {
            appId, developer, website, privacy, terms, manifestDir, target,
        };
        command.SetAction(result => Run(
            result.GetValue(appId) ?? Environment.GetEnvironmentVariable("Teams__AppId"),
            new Developer(result.GetValue(developer), result.GetValue(website), result.GetValue(privacy), result.GetValue(terms)),
            result.GetValue(manifestDir)!, result.GetValue(target)!,
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    private sealed record Developer(string? Name, string? Website, string? Privacy, string? Terms)
    {
        public IEnumerable<string> Problems()
        {
            if (string.IsNullOrWhiteSpace(Name) || Name.Length > 32) yield return "--developer-name (up to 32 characters, as Teams requires)";
            foreach (var (option, value) in new[] { ("--website-url", Website), ("--privacy-url", Privacy), ("--terms-url", Terms) })
            {
                if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Host.EndsWith("example.com", StringComparison.OrdinalIgnoreCase))
                    yield return $"{option} (an https address of your own)";
            }
        }
    }

    private static int Run(string? appId, Developer developer, string folder, string target, TextWriter output, TextWriter errors)
    {
        var problems = developer.Problems().ToList();
        if (problems.Count > 0)
        {
            errors.WriteLine($"teams-package: give {string.Join(", ", problems)}; Teams shows them to everyone who installs the app.");
            return 2;
        }

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
        manifest["developer"] = new JsonObject
        {
            ["name"] = developer.Name!.Trim(), ["websiteUrl"] = developer.Website, ["privacyUrl"] = developer.Privacy, ["termsOfUseUrl"] = developer.Terms,
        };
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
