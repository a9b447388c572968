using System.Net;

namespace ComplianceBot.IntegrationTests.Host;

public sealed class EvidenceDownloadTests : HostTestBase
{
    [Fact]
    public async Task Auditor_downloads_evidence_from_the_local_folder()
    {
        var evidence = await FileEvidenceAsync("AC-01", "access review export", new DateOnly(2026, 11, 1));
        using var client = Factory.CreateAuditorClient();
        using var response = await client.GetAsync(new Uri($"/api/evidence/{evidence.Id}/content", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("access review export", await response.Content.ReadAsStringAsync());
        Assert.Equal("AC-01.txt", response.Content.Headers.ContentDisposition?.FileName);
    }

    [Fact]
    public async Task Evidence_downloads_need_the_key_and_a_known_id()
    {
        var evidence = await FileEvidenceAsync("AC-01", "access review export", new DateOnly(2026, 11, 1));
        using var anonymous = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri($"/api/evidence/{evidence.Id}/content", UriKind.Relative))).StatusCode);
        using var client = Factory.CreateAuditorClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/evidence/EV-NOPE/content", UriKind.Relative))).StatusCode);
    }
}
