namespace ComplianceBot.Fakes;

/// <summary>Wakes every waiter each time a fake records a call, so tests wait on calls rather than on a timer.</summary>
internal sealed class CallSignal
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Pulse() => Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits until <paramref name="done"/> holds or <paramref name="within"/> has passed (then the caller reads what there is).</summary>
    public async Task WaitUntilAsync(Func<bool> done, TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        while (true)
        {
            // Taken before the check, so a call recorded in between is not missed.
            var pulse = Volatile.Read(ref next).Task;
            if (done()) return;
            try
            {
                await pulse.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
