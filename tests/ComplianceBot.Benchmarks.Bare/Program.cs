using ComplianceBot.Benchmarks.Bare;

// The floor for the endpoint benchmarks: `teams PORT APP_ID OPENID_METADATA_URL` or `slack PORT SIGNING_SECRET`.
return args.FirstOrDefault() switch
{
    "teams" => await TeamsBareEndpoint.RunAsync(args[1..]),
    "slack" => await SlackBareEndpoint.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("Usage: teams PORT APP_ID OPENID_METADATA_URL | slack PORT SIGNING_SECRET");
    return 2;
}
