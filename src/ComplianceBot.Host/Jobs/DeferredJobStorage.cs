using Hangfire;
using Hangfire.Logging;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;

namespace ComplianceBot.Host.Jobs;

/// <summary>
/// Job storage that does not stop the host when it cannot be opened at start (a full disk, a database server
/// not up yet): the host starts and answers chats, readiness says jobs cannot be served, and each later use tries
/// to open the storage again. Opened at start — the usual case — it is the storage itself in every respect. Opened
/// only later, its housekeeping processes (expiring finished jobs) start with the next restart.
/// </summary>
internal sealed class DeferredJobStorage : JobStorage
{
    private readonly Func<JobStorage> open;
    private readonly Lock gate = new();
    private readonly bool openedAtStart;
    private JobStorage? inner;

    public DeferredJobStorage(Func<JobStorage> open, Action<Exception> refusedAtStart)
    {
        ArgumentNullException.ThrowIfNull(refusedAtStart);
        this.open = open;
        try
        {
            inner = open();
            openedAtStart = true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            refusedAtStart(ex);
        }
    }

    private JobStorage Inner
    {
        get
        {
            if (Volatile.Read(ref inner) is { } opened) return opened;
            lock (gate)
            {
                try
                {
                    return inner ??= open();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    throw new InvalidOperationException($"The job storage cannot be opened: {ex.Message}", ex);
                }
            }
        }
    }

    public override bool LinearizableReads => Inner.LinearizableReads;

    public override IMonitoringApi GetMonitoringApi() => Inner.GetMonitoringApi();

    public override IStorageConnection GetConnection() => Inner.GetConnection();

    public override IStorageConnection GetReadOnlyConnection() => Inner.GetReadOnlyConnection();

    [Obsolete("Hangfire still asks for components; they are the inner storage's.")]
    public override IEnumerable<IServerComponent> GetComponents() => openedAtStart ? Inner.GetComponents() : [];

    public override IEnumerable<IBackgroundProcess> GetServerRequiredProcesses() => openedAtStart ? Inner.GetServerRequiredProcesses() : [];

    public override IEnumerable<IBackgroundProcess> GetStorageWideProcesses() => openedAtStart ? Inner.GetStorageWideProcesses() : [];

    public override IEnumerable<IStateHandler> GetStateHandlers() => openedAtStart ? Inner.GetStateHandlers() : [];

    public override void WriteOptionsToLog(ILog logger)
    {
        if (openedAtStart) Inner.WriteOptionsToLog(logger);
    }

    public override bool HasFeature(string featureId)
    {
        try
        {
            return Inner.HasFeature(featureId);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public override string ToString() => inner?.ToString() ?? "job storage (not open yet)";
}
