using System.Diagnostics;
using System.Net;
using ComplianceBot.Host.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using ComplianceBot.Core.Library;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ComplianceBot.IntegrationTests.Host;

public sealed class StartupTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Host_is_ready_with_the_starter_library_and_restarting_duplicates_nothing()
    {
        for (var start = 0; start < 2; start++)
        {
            using var factory = new ComplianceBotFactory(folder.Path);
            using var client = factory.CreateClient();
            var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);

            var store = factory.Services.GetRequiredService<IComplianceStore>();
            Assert.Equal(StarterLibrary.Controls.Count, await store.CountAsync<Control>());
            var seeded = (await store.ListAsync<AuditEvent>()).Count(e => e.Document.Action == "library.seeded");
            Assert.Equal(1, seeded);
        }

        Assert.True(File.Exists(Path.Combine(folder.Path, "compliancebot.db")));
    }

    [Theory]
    [InlineData("Compliance:TimeZone", "Mars/Olympus_Mons", "Compliance__TimeZone")]
    [InlineData("Compliance:Soc2Categories:1", "Resilience", "Compliance__Soc2Categories")]
    [InlineData("Compliance:AttestationDueDays", "0", "Compliance__AttestationDueDays")]
    [InlineData("Compliance:ObservationWindowStart", "2026-01-01", "Compliance__ObservationWindowEnd go together")]
    [InlineData("Compliance:ObservationWindowEnd", "31/12/2026", "Compliance__ObservationWindowStart and")]
    [InlineData("Storage:Provider", "Oracle", "Storage__Provider")]
    [InlineData("Evidence:MaxBytes", "12", "Evidence__MaxBytes")]
    [InlineData("Api:Key", "short", "Api__Key")]
    [InlineData("Api:AdminKey", "integration-test-key-0123456789", "must differ")]
    public async Task Invalid_configuration_stops_the_host_naming_the_setting(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Api:Key"] = ComplianceBotFactory.ApiKey,
            ["Storage:EmbeddedPath"] = Path.Combine(folder.Path, "compliancebot.db"),
            ["Evidence:LocalPath"] = Path.Combine(folder.Path, "evidence"),
            [key] = value,
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => PartialHost.StartAsync(folder.Path, settings, b => b.AddComplianceCore()));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Compliance__TimeZone", "Atlantis/Capital")]
    [InlineData("Jobs__RemindersCron", "61 * * * *")]
    public async Task Operator_sees_the_bad_setting_named_and_the_process_exits_with_code_1(string setting, string value)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location])
        {
            WorkingDirectory = folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Urls"] = "http://127.0.0.1:0";
        start.Environment[setting] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        var printed = await output + await errors;
        Assert.True(process.ExitCode == 1, printed);
        Assert.Contains($"ComplianceBot did not start: {setting} '{value}'", await errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal); // one line, no stack trace
    }
}
