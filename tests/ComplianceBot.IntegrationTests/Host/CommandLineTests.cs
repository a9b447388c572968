using System.Diagnostics;

namespace ComplianceBot.IntegrationTests.Host;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_usage_and_commands_and_starts_nothing(string help)
    {
        var run = await HostCommand.RunAsync(help);

        Assert.Equal(0, run.ExitCode);
        Assert.Null(run.BotSettings);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
        Assert.Contains("teams-package", run.Output, StringComparison.Ordinal);
        Assert.Contains("move-up", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Errors);
    }

    [Theory]
    [InlineData("teams-package", "--app-id")]
    [InlineData("move-up", "Storage__EmbeddedPath")]
    [InlineData("verify-package", "manifest.json")]
    public async Task Help_on_a_command_prints_its_usage_and_runs_nothing(string command, string documented)
    {
        var run = await HostCommand.RunAsync(command, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Null(run.BotSettings);
        Assert.Contains($"{command} [options]", run.Output.Replace("[<settings>...] ", "", StringComparison.Ordinal).Replace("<package> ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(documented, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_is_refused_and_starts_nothing()
    {
        var run = await HostCommand.RunAsync("teams-pakage", "--app-id", "a5ad4d9c-5c33-4b5c-9b7c-1f1d9f3a0b11");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Null(run.BotSettings);
        Assert.Contains("'teams-pakage' is not a command", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_of_a_command_is_refused()
    {
        var run = await HostCommand.RunAsync("teams-package", "--app-ID", "a5ad4d9c-5c33-4b5c-9b7c-1f1d9f3a0b11");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--app-ID", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_command_the_bot_runs_with_the_settings_as_given()
    {
        string[] settings = ["--urls", "http://127.0.0.1:8080", "--Jobs:Storage=Redis", "/Jobs:Prefix", "staging", "Api:Key=from-args-0123456789", "--environment=Testing"];

        var run = await HostCommand.RunAsync(settings);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(settings, run.BotSettings);
    }

    [Fact]
    public async Task A_stray_word_among_the_settings_is_refused()
    {
        var run = await HostCommand.RunAsync("--urls", "http://127.0.0.1:8080", "verbose");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Null(run.BotSettings);
        Assert.Contains("'verbose' is not a setting", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_process_with_help_exits_zero_and_leaves_no_data_behind()
    {
        using var folder = new TempFolder();
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "--help"])
        {
            WorkingDirectory = folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Urls"] = "http://127.0.0.1:0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await errors);
        Assert.Contains("Usage:", await output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", await output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path)); // no store, no job database, no evidence folder
    }
}
