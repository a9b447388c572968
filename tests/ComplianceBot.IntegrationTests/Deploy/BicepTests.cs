using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplianceBot.Storage.Cosmos;
using Microsoft.Azure.Cosmos;

namespace ComplianceBot.IntegrationTests.Deploy;

/// <summary>
/// Every Bicep file under deploy/ builds and lints clean with the Bicep CLI (fetched from NuGet; it checks
/// resource types and properties against its bundled Azure definitions, offline), and the Cosmos DB containers
/// it declares are the ones the store would create.
/// </summary>
public sealed class BicepTests
{
    private static readonly string Deploy = Path.Combine(RepositoryPaths.Root, "deploy");

    public static TheoryData<string> BicepFiles()
    {
        var files = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Deploy, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetRelativePath(Deploy, file));
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Bicep_file_builds_and_lints_clean(string file)
    {
        var build = await BicepAsync("build", file, "--stdout");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.StartsWith("{", build.Output, StringComparison.Ordinal);

        var lint = await BicepAsync("lint", file);
        Assert.True(lint.ExitCode == 0 && lint.Output.Length == 0, $"bicep lint {file}:\n{lint.Output}");
    }

    [Fact]
    public async Task Cosmos_containers_in_the_template_are_the_ones_the_store_creates()
    {
        var build = await BicepAsync("build", Path.Combine("modules", "cosmos.bicep"), "--stdout");
        Assert.Equal(0, build.ExitCode);
        var resources = JsonNode.Parse(build.Output)!["resources"]!.AsArray().Select(r => r!)
            .Where(r => r["type"]!.GetValue<string>() == "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")
            .ToDictionary(r => r["properties"]!["resource"]!["id"]!.GetValue<string>());

        foreach (var expected in new[] { CosmosLayout.RecordsContainer(), CosmosLayout.InboxContainer() })
        {
            var declared = resources[expected.Id]["properties"]!["resource"]!;
            Assert.Equal([CosmosLayout.PartitionKeyPath], declared["partitionKey"]!["paths"]!.AsArray().Select(p => p!.GetValue<string>()));
            var policy = declared["indexingPolicy"]!;
            Assert.Equal(expected.IndexingPolicy.IncludedPaths.Select(p => p.Path), Paths(policy["includedPaths"]!));
            Assert.Equal(expected.IndexingPolicy.ExcludedPaths.Select(p => p.Path), Paths(policy["excludedPaths"]!));
            Assert.Equal(
                expected.IndexingPolicy.CompositeIndexes.Select(c => string.Join(",", c.Select(p => $"{p.Path} {(p.Order == CompositePathSortOrder.Ascending ? "ascending" : "descending")}"))),
                policy["compositeIndexes"]!.AsArray().Select(c => string.Join(",", c!.AsArray().Select(p => $"{p!["path"]} {p["order"]}"))));
        }
    }

    private static IEnumerable<string> Paths(JsonNode paths) => paths.AsArray().Select(p => p!["path"]!.GetValue<string>());

    private static Task<(int ExitCode, string Output)> BicepAsync(params string[] arguments) =>
        ToolProcess.RunAsync(BicepPath(), arguments, Deploy, TimeSpan.FromMinutes(2));

    private static string BicepPath()
    {
        var packages = typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        var bicep = Path.Combine(packages, "azure.bicep.commandline.linux-x64", "0.49.2", "tools", "bicep"); // linux-x64, as CI runs
        if (!File.Exists(bicep)) throw new InvalidOperationException($"The Bicep CLI is missing at {bicep}; `dotnet restore` fetches it.");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute); // NuGet drops the run bit
        return bicep;
    }
}
