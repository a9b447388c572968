using System.Net;
using System.Net.Http.Headers;
using ComplianceBot.IntegrationTests.Host;
using ComplianceBot.IntegrationTests.Teams;

namespace ComplianceBot.IntegrationTests.Edge;

/// <summary>
/// Requests without valid credentials are refused before their body is looked at: a 5 MB nesting bomb without the
/// admin key is a 401 (not a 400 from parsing it), and a Teams body over the size limit with a bad token is a 401
/// (not a 413 from reading it).
/// </summary>
public sealed class CredentialsBeforeBodyTests
{
    [Theory]
    [InlineData("POST", "/api/controls", null)]
    [InlineData("PUT", "/api/people/x@example.com", null)]
    [InlineData("PUT", "/api/controls/AC-01/cadence", ComplianceBotFactory.ApiKey)]
    public async Task Admin_bodies_without_the_admin_key_get_401_before_parsing(string method, string path, string? key)
    {
        using var folder = new TempFolder();
        await using var factory = new ComplianceBotFactory(folder.Path);
        using var client = factory.CreateClient();
        using var body = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes(new string('[', 5 * 1024 * 1024)));
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = body };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIn0.c2ln")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Teams_activities_with_an_invalid_token_get_401_before_reading(string authorization)
    {
        await using var host = await TeamsHost.StartAsync();
        using var body = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes("{\"type\":\"message\",\"text\":\"" + new string('x', 600 * 1024) + "\"}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative)) { Content = body };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_Teams_invoke_whose_verb_holds_a_lone_surrogate_is_400()
    {
        await using var host = await TeamsHost.StartAsync();
        var body = host.Execute("attest.submit", []).ToJsonString().Replace("\"attest.submit\"", "\"\\ud800\"", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative)) { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Issuer.ChannelToken(host.Connector.ServiceUrl));
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
