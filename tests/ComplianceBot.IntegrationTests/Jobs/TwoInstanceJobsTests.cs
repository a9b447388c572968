using ComplianceBot.IntegrationTests.StandIns;

namespace ComplianceBot.IntegrationTests.Jobs;

/// <summary>Hangfire in a SQLite file beside the embedded store, the default.</summary>
public sealed class TwoInstanceJobsOnSqliteTests : TwoInstanceJobsContract
{
    protected override IDictionary<string, string?> JobStorageSettings() => new Dictionary<string, string?>();
}

/// <summary>Hangfire on a PostgreSQL server, in a schema of its own for each test.</summary>
public sealed class TwoInstanceJobsOnPostgreSqlTests(PostgreSqlServer postgres) : TwoInstanceJobsContract, IClassFixture<PostgreSqlServer>
{
    private readonly string schema = "hangfire_" + Guid.NewGuid().ToString("N")[..12];

    protected override IDictionary<string, string?> JobStorageSettings() => new Dictionary<string, string?>
    {
        ["Jobs:Storage"] = "PostgreSql", ["Jobs:ConnectionString"] = postgres.ConnectionString, ["Jobs:Prefix"] = schema,
    };
}

/// <summary>Hangfire on a Redis server, under a key prefix of its own for each test.</summary>
public sealed class TwoInstanceJobsOnRedisTests(RedisServer redis) : TwoInstanceJobsContract, IClassFixture<RedisServer>
{
    private readonly string prefix = "hangfire_" + Guid.NewGuid().ToString("N")[..12];

    protected override IDictionary<string, string?> JobStorageSettings() => new Dictionary<string, string?>
    {
        ["Jobs:Storage"] = "Redis", ["Jobs:ConnectionString"] = redis.ConnectionString, ["Jobs:Prefix"] = prefix,
    };
}
