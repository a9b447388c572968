using System.CommandLine;
using ComplianceBot.Core.Reports;

namespace ComplianceBot.Host.Commands;

/// <summary>
/// `verify-package &lt;file&gt;`: checks an audit package offline against its manifest. Exit 0 when intact, 1 when a
/// file was changed, removed or added, 2 when the file cannot be read as a package at all.
/// </summary>
internal static class VerifyPackageCommand
{
    public const string Name = "verify-package";

    public static Command Create()
    {
        var file = new Argument<FileInfo>("package") { Description = "The audit package (.zip) to check." };
        var command = new Command(Name,
            "Checks an audit package (GET /api/reports/audit-package.zip) offline: every file against the SHA-256 and size in its " +
            "manifest.json, and nothing added. Exit 0 when intact, 1 when tampered with, 2 when unreadable.")
        {
            file,
        };
        command.SetAction(result => Run(result.GetValue(file)!, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(FileInfo file, TextWriter output, TextWriter errors)
    {
        if (!file.Exists)
        {
            errors.WriteLine($"{Name}: {file.FullName} does not exist.");
            return 2;
        }

        var check = AuditPackageVerifier.Verify(file.FullName);
        if (!check.Readable)
        {
            errors.WriteLine($"{Name}: {file.Name}: {check.Problems[0]}");
            return 2;
        }

        foreach (var problem in check.Problems) errors.WriteLine($"TAMPERED {problem}");
        foreach (var warning in check.Warnings) output.WriteLine($"WARNING {warning}");
        output.WriteLine(check.Intact
            ? $"Intact: {check.FilesChecked:N0} files match manifest.json ({check.Framework}, {check.From} to {check.To}; audit trail head {check.AuditHeadHash})."
            : $"Not intact: {check.Problems.Count:N0} problem(s) in {check.FilesChecked:N0} listed files.");
        return check.Intact ? 0 : 1;
    }
}
