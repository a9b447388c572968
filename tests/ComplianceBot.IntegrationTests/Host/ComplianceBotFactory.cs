using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceBot.IntegrationTests.Host;

/// <summary>The real host over HTTP, with its data in a scratch folder and the clock under the test's control.</summary>
public sealed class ComplianceBotFactory : WebApplicationFactory<Program>
{
    public const string ApiKey = "integration-test-key-0123456789";
    public const string AdminKey = "integration-admin-key-0123456789";

    private readonly Dictionary<string, string?> settings;

    public ComplianceBotFactory(string dataFolder, IDictionary<string, string?>? overrides = null)
    {
        DataFolder = dataFolder;
        settings = new Dictionary<string, string?>
        {
            ["Api:Key"] = ApiKey,
            ["Api:AdminKey"] = AdminKey,
            ["Storage:EmbeddedPath"] = Path.Combine(dataFolder, "compliancebot.db"),
            ["Evidence:LocalPath"] = Path.Combine(dataFolder, "evidence"),
            ["Compliance:Soc2Categories:0"] = "Availability",
            // An organisation that has run its controls since 2025: the starter library is attested from 2025's periods.
            ["Compliance:StartDate"] = "2025-01-01",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
    }

    public string DataFolder { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));

    public HttpClient CreateAuditorClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ApiKey);
        return client;
    }

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        client.DefaultRequestHeaders.Add("X-Actor", "lead@example.com");
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(DataFolder);
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }
}
