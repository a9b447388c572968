using ComplianceBot.Host.Commands;

namespace ComplianceBot.IntegrationTests.Host;

/// <summary>The host's command line run in this process, with a bot that only notes whether it was started.</summary>
internal static class HostCommand
{
    public static async Task<HostCommandRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        string[]? botSettings = null;
        var code = await HostCommandLine.InvokeAsync(args, settings =>
        {
            botSettings = settings;
            return Task.FromResult(0);
        }, output, errors);
        return new HostCommandRun(code, output.ToString(), errors.ToString(), botSettings);
    }
}

/// <summary>What a command line run ended with; <see cref="BotSettings"/> is null when the bot was not started.</summary>
internal sealed record HostCommandRun(int ExitCode, string Output, string Errors, string[]? BotSettings);
