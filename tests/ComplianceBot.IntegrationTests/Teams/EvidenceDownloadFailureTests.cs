using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ComplianceBot.Channels.Teams;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Records;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComplianceBot.IntegrationTests.Teams;

/// <summary>
/// Evidence whose download fails when the person files it: the click is answered with the card and what to do
/// next, never a 500, and nothing is stored half-way. The file's server is a local HTTP fake for each failure.
/// </summary>
public sealed class EvidenceDownloadFailureTests : IAsyncLifetime
{
    private const int MaxBytes = 1024 * 1024;
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication files = null!;
    private string filesUrl = "";
    private TeamsHost host = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        files = builder.Build();
        files.MapGet("/gone.pdf", () => Results.NotFound());
        files.MapGet("/refused.pdf", () => Results.StatusCode(403));
        files.MapGet("/broken.pdf", async (HttpContext http) =>
        {
            http.Response.ContentLength = 100_000;
            await http.Response.Body.WriteAsync(new byte[1000]);
            await http.Response.Body.FlushAsync();
            http.Abort();
        });
        files.MapGet("/huge.pdf", async (HttpContext http) =>
        {
            // No Content-Length: too large shows only mid-stream.
            var chunk = new byte[64 * 1024];
            for (var sent = 0; sent <= MaxBytes + chunk.Length; sent += chunk.Length) await http.Response.Body.WriteAsync(chunk);
        });
        files.MapGet("/stalled.pdf", async (HttpContext http) =>
        {
            await released.Task.WaitAsync(http.RequestAborted);
            return Results.Ok();
        });
        await files.StartAsync();
        filesUrl = files.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host = await TeamsHost.StartAsync(settings: new Dictionary<string, string?> { ["Evidence:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    public async Task DisposeAsync()
    {
        released.TrySetResult();
        await host.DisposeAsync();
        await files.DisposeAsync();
    }

    [Theory]
    [InlineData("gone.pdf", "no longer there")]
    [InlineData("refused.pdf", "access to it was refused")]
    [InlineData("broken.pdf", "the download failed")]
    [InlineData("huge.pdf", "at most 1 MB")]
    [InlineData(null, "the download failed")] // connection refused
    public async Task Filing_evidence_whose_download_fails_answers_with_the_card_and_what_to_do(string? file, string said)
    {
        var url = file is null ? $"http://127.0.0.1:{ClosedPort()}/file.pdf" : $"{filesUrl}/{file}";
        await host.PostAsync(host.FileMessage("access-review.pdf", "pdf", url));
        var request = Assert.Single(await host.Connector.WaitForDeliveriesAsync(1)).Card!;
        var uploadId = request["actions"]![0]!["data"]!["uploadId"]!.GetValue<string>();

        // The download's retries wait on the host's clock, which this test moves on while the click is answered.
        var posting = host.PostAsync(host.Execute("evidence.file", new JsonObject
        {
            ["uploadId"] = uploadId, ["control"] = "AC-01", ["effectiveDate"] = "2026-11-18",
        }));
        while (!posting.IsCompleted)
        {
            host.Factory.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(posting, Task.Delay(10));
        }

        using var filed = await posting;

        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        var answer = (await filed.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(InvokeResponse.CardType, answer["type"]!.GetValue<string>());
        var card = answer["value"]!.ToJsonString();
        Assert.Contains("File evidence", card, StringComparison.Ordinal);
        Assert.Contains(said, card, StringComparison.Ordinal);
        Assert.Empty(await host.Store.ListAsync<Evidence>());
        Assert.False(Directory.Exists(Path.Combine(host.Folder.Path, "evidence")) && Directory.EnumerateFiles(Path.Combine(host.Folder.Path, "evidence"), "*", SearchOption.AllDirectories).Any());
        Assert.Null((await host.Store.FindAsync<PendingUpload>(uploadId))!.Document.FiledAs);
    }

    [Fact]
    public async Task A_download_that_times_out_is_reported_as_such()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        var source = new TeamsFileSource(http, EvidencePolicy.Default);
        var failure = await Assert.ThrowsAsync<ChatFileUnavailableException>(() =>
            source.OpenAsync(new ChatFile("stalled.pdf", null, "application/pdf", $"{filesUrl}/stalled.pdf")));
        Assert.Equal(ChatFileProblem.TimedOut, failure.Problem);
    }

    [Theory]
    [InlineData("gone.pdf", ChatFileProblem.Gone)]
    [InlineData("refused.pdf", ChatFileProblem.Refused)]
    public async Task Each_download_failure_comes_out_as_the_problem_it_is(string file, ChatFileProblem problem)
    {
        using var http = new HttpClient();
        var source = new TeamsFileSource(http, EvidencePolicy.Default);
        var failure = await Assert.ThrowsAsync<ChatFileUnavailableException>(async () =>
        {
            await using var content = await source.OpenAsync(new ChatFile(file, null, "application/pdf", $"{filesUrl}/{file}"));
            await content.CopyToAsync(Stream.Null);
        });
        Assert.Equal(problem, failure.Problem);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
