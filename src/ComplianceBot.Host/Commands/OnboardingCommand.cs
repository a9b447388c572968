using System.CommandLine;
using System.Text;
using ComplianceBot.Core.Onboarding;
using ComplianceBot.Host.Configuration;
using ComplianceBot.Host.Startup;

namespace ComplianceBot.Host.Commands;

/// <summary>
/// `import people|ownership &lt;file&gt; [--dry-run]` and `export people|ownership &lt;file&gt;`: the admin API's bulk onboarding
/// from files, against the store the bot is configured with (the same settings). Exit 0 when done, 1 when rows are
/// wrong (listed, nothing imported), 2 when the command or the settings are wrong.
/// </summary>
internal static class OnboardingCommand
{
    public const string ImportName = "import";
    public const string ExportName = "export";
    private const string Actor = "host-command";

    public static Command Import()
    {
        var (kind, file, settings) = Arguments("The CSV file to import.");
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row and report, without writing anything." };
        var command = new Command(ImportName,
            "Imports people (email,name,manager,time_zone,roles) or control ownership (control,owner,delegate,reviewer,cadence) from a CSV " +
            "file into the store the bot is configured with. Every row is checked first; nothing is imported while any row is wrong.")
        {
            kind, file, dryRun, settings,
        };
        command.SetAction(result => RunAsync(result.GetValue(settings) ?? [], result.InvocationConfiguration.Output, result.InvocationConfiguration.Error,
            async (services, output) =>
            {
                using var csv = new StreamReader(result.GetValue(file)!.FullName, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                var report = result.GetValue(kind) == "people"
                    ? await services.GetRequiredService<PeopleImport>().ImportAsync(csv, result.GetValue(dryRun), Actor)
                    : await services.GetRequiredService<OwnershipImport>().ImportAsync(csv, result.GetValue(dryRun), Actor);
                foreach (var error in report.Errors) await output.Error.WriteLineAsync($"row {error.Row}, {error.Column}: {error.Message}");
                await output.Out.WriteLineAsync(report.Errors.Count > 0
                    ? $"{report.Errors.Count} problem(s) in {report.Rows} rows; nothing imported."
                    : $"{(report.DryRun ? "Dry run: would create" : "Created")} {report.Created}, {(report.DryRun ? "update" : "updated")} {report.Updated}, {report.Unchanged} unchanged, of {report.Rows} rows.");
                return report.Errors.Count > 0 ? 1 : 0;
            }));
        return command;
    }

    public static Command Export()
    {
        var (kind, file, settings) = Arguments("Where to write the CSV file.");
        var command = new Command(ExportName,
            "Exports people or control ownership as CSV, in the columns import reads, from the store the bot is configured with.")
        {
            kind, file, settings,
        };
        command.SetAction(result => RunAsync(result.GetValue(settings) ?? [], result.InvocationConfiguration.Output, result.InvocationConfiguration.Error,
            async (services, output) =>
            {
                await using var csv = new StreamWriter(result.GetValue(file)!.FullName, append: false, new UTF8Encoding(false));
                if (result.GetValue(kind) == "people") await services.GetRequiredService<PeopleImport>().ExportAsync(csv);
                else await services.GetRequiredService<OwnershipImport>().ExportAsync(csv);
                await output.Out.WriteLineAsync($"Wrote {result.GetValue(file)!.FullName}.");
                return 0;
            }));
        return command;
    }

    private static (Argument<string> Kind, Argument<FileInfo> File, Argument<string[]> Settings) Arguments(string fileDescription)
    {
        var kind = new Argument<string>("what") { Description = "people or ownership." };
        kind.AcceptOnlyFromAmong("people", "ownership");
        return (kind, new Argument<FileInfo>("file") { Description = fileDescription }, HostSettings.Create());
    }

    private static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter errors, Func<IServiceProvider, (TextWriter Out, TextWriter Error), Task<int>> run)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddComplianceCore();
        await using var app = builder.Build();
        try
        {
            await ActivatorUtilities.CreateInstance<StoreStartup>(app.Services).StartAsync(CancellationToken.None);
            return await run(app.Services, (output, errors));
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            await errors.WriteLineAsync(e.Message);
            return 2;
        }
        catch (IOException e)
        {
            await errors.WriteLineAsync(e.Message);
            return 2;
        }
    }
}
