using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace ComplianceBot.Host.Jobs;

/// <summary>
/// Hangfire keeps one log provider for the whole process, set by the host built last. Where several hosts share a
/// process (the integration tests run many) and that host has stopped, its logger factory is gone: Hangfire's
/// components then log nowhere instead of failing to start.
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
