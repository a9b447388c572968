using System.CommandLine;
using System.CommandLine.Parsing;

namespace ComplianceBot.Host.Commands;

/// <summary>
/// Settings given on the command line, handed unchanged to ASP.NET Core's configuration (--urls http://+:8080,
/// --Jobs:Storage=Redis, --Storage:Provider Cosmos). A bare word in a setting's place is no setting ASP.NET Core
/// would read: it is a mistyped command, and the command line says so instead of ignoring it.
/// </summary>
internal static class HostSettings
{
    public static Argument<string[]> Create() => Validated(new Argument<string[]>("settings")
    {
        Arity = ArgumentArity.ZeroOrMore,
        Description = "Settings as --Key value or --Key=value (sections joined with ':'), e.g. --urls http://+:8080 --Jobs:Storage=Redis. Environment variables (Jobs__Storage) and appsettings.json work as well.",
    });

    /// <summary>The first token that is neither a setting nor a setting's value, with what it was taken for.</summary>
    public static string? Problem(IReadOnlyList<string> tokens, bool commandPosition)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.StartsWith("--", StringComparison.Ordinal) || token.StartsWith('/'))
            {
                if (!token.Contains('=', StringComparison.Ordinal)) i++; // the next token is its value
                continue;
            }

            if (token.StartsWith('-'))
                return $"'{token}' is not an option here; settings are given as --Key value or --Key=value.";
            if (token.Contains('=', StringComparison.Ordinal)) continue;
            return i == 0 && commandPosition
                ? $"'{token}' is not a command. Commands: {TeamsPackageCommand.Name}, {MoveUpCommand.Name}, {VerifyPackageCommand.Name}, {OnboardingCommand.ImportName}, {OnboardingCommand.ExportName}; none runs the bot. See --help."
                : $"'{token}' is not a setting; settings are given as --Key value or --Key=value.";
        }

        return null;
    }

    private static Argument<string[]> Validated(Argument<string[]> argument)
    {
        argument.Validators.Add(result =>
        {
            var commandPosition = result.Parent is CommandResult { Command: RootCommand };
            if (Problem([.. result.Tokens.Select(t => t.Value)], commandPosition) is { } problem) result.AddError(problem);
        });
        return argument;
    }
}
