using ComplianceBot.Core.Digests;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Host.Api;

/// <summary>
/// `GET /api/charts/{id}.png`: a posted digest's chart. Open without a key because Slack fetches the image
/// itself; the id is 128 random bits and appears only in the digest that links it.
/// </summary>
internal static class ChartEndpoints
{
    public static IEndpointRouteBuilder MapCharts(this IEndpointRouteBuilder app)
    {
        app.MapGet(DigestComposer.ChartPath + "{file}", GetAsync);
        return app;
    }

    private static async Task<IResult> GetAsync(string file, IComplianceStore store, CancellationToken cancellationToken)
    {
        var id = file.EndsWith(".png", StringComparison.Ordinal) ? file[..^4] : "";
        var chart = id.Length == 32 && id.All(char.IsAsciiHexDigitLower) ? (await store.FindAsync<DigestChart>(id, cancellationToken))?.Document : null;
        return chart is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "There is no chart with that id.")
            : Results.File(chart.Png, "image/png");
    }
}
