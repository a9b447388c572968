using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace ComplianceBot.IntegrationTests.Cards;

/// <summary>
/// Every card rendered by the official Adaptive Cards renderer in headless Chromium, kept as PNGs under
/// artifacts/cards/ for people to look at.
/// </summary>
public sealed class CardRenderTests
{
    [Fact]
    public async Task Every_card_renders_in_Chromium_with_the_official_renderer()
    {
        var outDir = Path.Combine(RepositoryPaths.Root, "artifacts", "cards");
        var result = JsonNode.Parse(await RepositoryPaths.RunNodeAsync("render-cards.js", RepositoryPaths.Cards, outDir))!.AsObject();

        var templates = Directory.GetFiles(RepositoryPaths.Cards, "*.json").Where(f => !f.EndsWith(".data.json", StringComparison.Ordinal)).ToList();
        Assert.Equal(templates.Count, result.Count);
        foreach (var (name, rendered) in result)
        {
            Assert.Empty(rendered!["errors"]!.AsArray());
            var png = await File.ReadAllBytesAsync(rendered["png"]!.GetValue<string>());
            Assert.True(png.Length > 2_000, $"{name}.png is suspiciously small ({png.Length} bytes)");
            var height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
            Assert.True(height > 120, $"{name} rendered only {height} px tall");
        }
    }
}
