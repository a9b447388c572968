namespace ComplianceBot.Host.Startup;

/// <summary>
/// Start-up work that may find its storage unusable (a full disk, a database not up yet): tried once while the
/// host starts; when that fails in a way worth retrying, the host starts anyway and the work is tried again
/// every <paramref name="every"/> in the background until it succeeds or the host stops.
/// </summary>
internal sealed class StartupRetry(TimeSpan every, Func<Exception, bool> retryable) : IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private Task retrying = Task.CompletedTask;

    /// <summary>Runs <paramref name="work"/>; on a retryable failure reports it and keeps trying in the background.</summary>
    public async Task StartAsync(Func<CancellationToken, Task> work, Action<Exception> notYet, CancellationToken cancellationToken)
    {
        try
        {
            await work(cancellationToken);
        }
        catch (Exception ex) when (retryable(ex))
        {
            notYet(ex);
            retrying = RetryAsync(work, stopping.Token);
        }
    }

    private async Task RetryAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // The machine's clock: how long to wait before trying the storage again is not business time.
            await Task.Delay(every, TimeProvider.System, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested) return;
            try
            {
                await work(cancellationToken);
                return;
            }
            catch (Exception ex) when (retryable(ex))
            {
                // still not possible; tried again shortly
            }
        }
    }

    public async Task StopAsync()
    {
        stopping.Cancel();
        await retrying.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    // Stopping may come after disposal (a test host disposes first): the source is cancelled, never disposed, so
    // either order is safe; it holds no timer.
    public void Dispose() => stopping.Cancel();
}
