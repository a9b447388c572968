using System.Security.Cryptography;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Digests;

/// <summary>
/// Turns a digest into the message for one platform, deciding how its chart travels: a link to the host's chart
/// endpoint when there is a public address, else inline as a data: URI where the platform shows those (Teams,
/// the local chat), else (Slack) left out with a note saying why.
/// </summary>
public sealed class DigestComposer(DigestBuilder builder, IComplianceStore store, DigestSettings settings, TimeProvider time)
{
    public const string ChartPath = "/api/charts/";

    public const string NoChartNote =
        "The coverage-trend chart is left out: Slack shows images only from a public https address, and Jobs__PublicBaseUrl is not set.";

    public async Task<(Digest Digest, OutboundMessage Message)> ComposeAsync(
        IReadOnlyList<string> frameworks, string platform, CancellationToken cancellationToken = default)
    {
        var digest = await builder.BuildAsync(frameworks, time.GetUtcNow(), cancellationToken);
        var card = settings.PublicBaseUrl is { } baseUrl
            ? digest.Card(new Uri(baseUrl, $"{ChartPath.TrimStart('/')}{await KeepChartAsync(digest, cancellationToken)}.png").AbsoluteUri)
            : platform == Platforms.Slack
                ? digest.Card(null, NoChartNote)
                : digest.Card(digest.ChartDataUri);
        return (digest, OutboundMessage.Show(card));
    }

    private async Task<string> KeepChartAsync(Digest digest, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await store.CreateAsync(new DigestChart { Id = id, Png = digest.ChartPng, CreatedAt = time.GetUtcNow() }, cancellationToken);
        return id;
    }
}
