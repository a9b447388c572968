using System.CommandLine;

namespace ComplianceBot.Host.Commands;

/// <summary>
/// The host's command line. Without a command it runs the bot with the settings given; teams-package, move-up and
/// verify-package, import and export are one-off tasks. --help on any of them prints its usage and starts nothing.
/// </summary>
internal static class HostCommandLine
{
    public static RootCommand Create(Func<string[], Task<int>> runBot)
    {
        var settings = HostSettings.Create();
        // Documented in the description rather than listed, so that each command's help does not repeat it.
        settings.Hidden = true;
        var root = new RootCommand(
            "ComplianceBot: ISO 27001 and SOC 2 compliance in Microsoft Teams and Slack. Without a command, runs the bot with the " +
            "settings given as --Key value or --Key=value (e.g. --urls http://+:8080 --Jobs:Storage=Redis), over environment " +
            "variables (Jobs__Storage) and appsettings.json.")
        {
            settings,
            TeamsPackageCommand.Create(),
            MoveUpCommand.Create(),
            VerifyPackageCommand.Create(),
            OnboardingCommand.Import(),
            OnboardingCommand.Export(),
        };
        root.SetAction(result => runBot(result.GetValue(settings) ?? []));
        return root;
    }

    public static Task<int> InvokeAsync(string[] args, Func<string[], Task<int>> runBot, TextWriter output, TextWriter errors)
    {
        // Response files (@file) are left alone: ASP.NET Core reads no such thing, and a setting may start with '@'.
        var parsed = Create(runBot).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        return parsed.InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            Error = errors,
            // The bot handles its own shutdown signals. Exceptions pass through untouched: the test host stops the
            // entry point with one once the host is built.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        });
    }
}
