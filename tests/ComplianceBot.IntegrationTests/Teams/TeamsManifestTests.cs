using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Host.Commands;
using ComplianceBot.IntegrationTests.Host;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceBot.IntegrationTests.Teams;

public sealed class TeamsManifestTests : IDisposable
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "manifests", "teams");
    private readonly TempFolder scratch = new();

    private static JsonObject Manifest => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")))!.AsObject();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public async Task Manifest_validates_against_the_official_schema_offline()
    {
        var result = JsonNode.Parse(await RepositoryPaths.RunNodeAsync("validate-manifest.js", Path.Combine(Folder, "manifest.json")))!;
        Assert.Equal("1.30", result["version"]!.GetValue<string>());
        Assert.Empty(result["errors"]!.AsArray());
    }

    [Fact]
    public void Bot_works_in_personal_chats_and_teams_takes_files_and_lists_real_commands()
    {
        using var data = new TempFolder();
        using var host = new ComplianceBotFactory(data.Path);
        var words = host.Services.GetRequiredService<ActionRegistry>().Commands.Select(c => c.Word).ToList();
        var bot = Manifest["bots"]![0]!;
        Assert.Equal(["personal", "team"], bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.True(bot["supportsFiles"]!.GetValue<bool>());
        var commands = bot["commandLists"]!.AsArray().SelectMany(l => l!["commands"]!.AsArray()).Select(c => c!["title"]!.GetValue<string>());
        Assert.All(commands, c => Assert.Contains(c, words));
    }

    [Theory]
    [InlineData("color", 192, 192)]
    [InlineData("outline", 32, 32)]
    public void Icons_are_PNGs_of_the_sizes_Teams_requires(string kind, int width, int height)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, Manifest["icons"]![kind]!.GetValue<string>()));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal((width, height), (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20))));
        if (kind == "outline") Assert.Equal(6, bytes[25]); // RGBA: the outline icon needs a transparent background
    }

    [Fact]
    public async Task Package_command_writes_the_app_id_into_a_valid_zip()
    {
        var zip = Path.Combine(scratch.Path, "app.zip");
        var run = await HostCommand.RunAsync([TeamsPackageCommand.Name, "--app-id", "a5ad4d9c-5c33-4b5c-9b7c-1f1d9f3a0b11", "--manifest-dir", Folder, "--out", zip, .. Developer]);
        Assert.Equal(0, run.ExitCode);

        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order());
        var extracted = Path.Combine(scratch.Path, "manifest.json");
        archive.GetEntry("manifest.json")!.ExtractToFile(extracted);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(extracted))!;
        Assert.Equal("a5ad4d9c-5c33-4b5c-9b7c-1f1d9f3a0b11", manifest["id"]!.GetValue<string>());
        Assert.Equal("a5ad4d9c-5c33-4b5c-9b7c-1f1d9f3a0b11", manifest["bots"]![0]!["botId"]!.GetValue<string>());
        Assert.Equal(("Contoso IT", "https://contoso.com/compliancebot", "https://contoso.com/privacy", "https://contoso.com/terms"), (
            manifest["developer"]!["name"]!.GetValue<string>(), manifest["developer"]!["websiteUrl"]!.GetValue<string>(),
            manifest["developer"]!["privacyUrl"]!.GetValue<string>(), manifest["developer"]!["termsOfUseUrl"]!.GetValue<string>()));
        Assert.Empty(JsonNode.Parse(await RepositoryPaths.RunNodeAsync("validate-manifest.js", extracted))!["errors"]!.AsArray());
    }

    private static readonly string[] Developer =
        ["--developer-name", "Contoso IT", "--website-url", "https://contoso.com/compliancebot", "--privacy-url", "https://contoso.com/privacy", "--terms-url", "https://contoso.com/terms"];

    [Fact]
    public async Task Package_command_refuses_a_missing_or_malformed_app_id()
    {
        var run = await HostCommand.RunAsync([TeamsPackageCommand.Name, "--app-id", "not-a-guid", "--manifest-dir", Folder, .. Developer]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--app-id", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Package_command_refuses_placeholder_developer_links()
    {
        var run = await HostCommand.RunAsync(TeamsPackageCommand.Name, "--app-id", "a5ad4d9c-5c33-4b5c-9b7c-1f1d9f3a0b11", "--manifest-dir", Folder,
            "--developer-name", "Contoso IT", "--website-url", "https://compliancebot.example.com", "--privacy-url", "http://contoso.com/privacy");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("teams-package: give --website-url (an https address of your own), --privacy-url (an https address of your own), --terms-url (an https address of your own); Teams shows them to everyone who installs the app.",
            run.Errors.Trim());
    }
}
