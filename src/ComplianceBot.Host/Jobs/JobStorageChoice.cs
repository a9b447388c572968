using ComplianceBot.Host.Configuration;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Redis.StackExchange;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace ComplianceBot.Host.Jobs;

/// <summary>
/// Hangfire's storage, picked by Jobs__Storage: Sqlite (a file beside the embedded store, for one instance),
/// PostgreSql or Redis (a server that several instances share). The connection string is checked for its form at
/// start and never written to a log or an error: it may carry a password.
/// </summary>
internal static class JobStorageChoice
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";
    public const string Redis = "Redis";

    public static bool IsKnown(string? storage) => storage is Sqlite or PostgreSql or Redis;

    /// <summary>What is wrong with the connection settings for the chosen storage, without repeating the secret.</summary>
    public static IEnumerable<string> Problems(JobsOptions options)
    {
        if (options.Storage is not (PostgreSql or Redis)) yield break;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            yield return $"Jobs__ConnectionString is needed for Jobs__Storage={options.Storage}.";
            yield break;
        }

        if (options.Storage == PostgreSql && !IsPostgreSqlConnectionString(options.ConnectionString))
            yield return "Jobs__ConnectionString is not a PostgreSQL connection string (Host=db.example.com;Database=compliancebot;Username=bot;Password=…).";
        if (options.Storage == Redis && !IsRedisConfiguration(options.ConnectionString))
            yield return "Jobs__ConnectionString is not a Redis configuration string (redis.example.com:6379,password=…,ssl=true).";
        if (!IsPrefix(options.Prefix))
            yield return "Jobs__Prefix must be 1 to 63 lower-case letters, digits or underscores, starting with a letter.";
    }

    public static void Use(IGlobalConfiguration config, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<JobsOptions>>().Value;
        var poll = TimeSpan.FromSeconds(Math.Min(options.PollSeconds, 15));
        switch (options.Storage)
        {
            case PostgreSql:
                config.UsePostgreSqlStorage(
                    o => o.UseNpgsqlConnection(options.ConnectionString!),
                    new PostgreSqlStorageOptions { SchemaName = options.Prefix, QueuePollInterval = poll, PrepareSchemaIfNecessary = true });
                break;
            case Redis:
                // Braces keep every key of one bot in one Redis Cluster hash slot, as Hangfire's transactions need.
                config.UseStorage(new RedisStorage(options.ConnectionString!, new RedisStorageOptions { Prefix = $"{{{options.Prefix}}}:" }));
                break;
            default:
                var path = options.ConnectionString ?? DefaultSqlitePath(services);
                var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<DeferredJobStorage>();
                config.UseStorage(new DeferredJobStorage(
                    () =>
                    {
                        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                        return new SQLiteStorage(path, new SQLiteStorageOptions { QueuePollInterval = poll });
                    },
                    failure => JobLog.StorageRefusedAtStart(logger, failure.Message)));
                break;
        }
    }

    private static bool IsPostgreSqlConnectionString(string value)
    {
        try
        {
            return !string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(value).Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsRedisConfiguration(string value)
    {
        try
        {
            return ConfigurationOptions.Parse(value).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsPrefix(string? prefix) =>
        prefix is { Length: >= 1 and <= 63 } && char.IsAsciiLetterLower(prefix[0]) && prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>hangfire.db beside the embedded store's file.</summary>
    private static string DefaultSqlitePath(IServiceProvider services)
    {
        var store = services.GetRequiredService<IOptions<StorageOptions>>().Value.EmbeddedPath;
        var root = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        var full = Path.IsPathRooted(store) ? store : Path.Combine(root, store);
        return Path.Combine(Path.GetDirectoryName(full)!, "hangfire.db");
    }
}
