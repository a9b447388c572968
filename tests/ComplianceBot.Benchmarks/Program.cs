using ComplianceBot.Benchmarks.Coverage;
using ComplianceBot.Benchmarks.StoreHotPath;
using ComplianceBot.Benchmarks.Teams;

// One command, several benchmarks: `coverage` (the default), `teams`, `store-hotpath`, and the helper `bare-endpoint`.
return args.FirstOrDefault() switch
{
    "teams" => await TeamsBenchmark.RunAsync(args[1..]),
    "store-hotpath" => await StoreHotPathBenchmark.RunAsync(args[1..]),
    "bare-endpoint" => await BareEndpoint.RunAsync(args[1..]),
    "coverage" => await CoverageBenchmark.RunAsync(args[1..]),
    _ => await CoverageBenchmark.RunAsync(args),
};
