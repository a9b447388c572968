using ComplianceBot.Benchmarks.Coverage;
using ComplianceBot.Benchmarks.Inbox;
using ComplianceBot.Benchmarks.Reminders;
using ComplianceBot.Benchmarks.Reports;
using ComplianceBot.Benchmarks.Slack;
using ComplianceBot.Benchmarks.StoreHotPath;
using ComplianceBot.Benchmarks.Teams;

// One command, several benchmarks: `coverage` (the default), `teams`, `slack`, `inbox`, `store-hotpath`, `reminders` and `audit-package`.
return args.FirstOrDefault() switch
{
    "teams" => await TeamsBenchmark.RunAsync(args[1..]),
    "slack" => await SlackBenchmark.RunAsync(args[1..]),
    "inbox" => await InboxBenchmark.RunAsync(args[1..]),
    "reminders" => await ReminderBenchmark.RunAsync(args[1..]),
    "store-hotpath" => await StoreHotPathBenchmark.RunAsync(args[1..]),
    "coverage" => await CoverageBenchmark.RunAsync(args[1..]),
    "audit-package" => await AuditPackageBenchmark.RunAsync(args[1..]),
    _ => await CoverageBenchmark.RunAsync(args),
};
