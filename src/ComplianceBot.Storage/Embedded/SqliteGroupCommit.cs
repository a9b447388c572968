using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace ComplianceBot.Storage.Embedded;

/// <summary>
/// Group commit. Concurrent writers queue their work; one writer applies a batch of it in a single
/// transaction, and answers the callers only after the commit. A write of several statements runs inside its own
/// savepoint, so its refusal (a conflict) leaves the others alone; a single statement is atomic by itself and
/// needs none. Under load many writes share one commit instead of
/// each waiting its turn for its own.
/// </summary>
internal sealed class SqliteGroupCommit : IDisposable
{
    private const int MaxBatch = 256;
    private const string Savepoint = "write";

    private readonly Func<SqliteConnection> open;
    private readonly Channel<Work> queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task loop;

    public SqliteGroupCommit(Func<SqliteConnection> open)
    {
        this.open = open;
        loop = Task.Run(RunAsync);
    }

    /// <param name="singleStatement">The write changes the database with one statement (which SQLite undoes by itself when it fails).</param>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, bool singleStatement, CancellationToken cancellationToken)
    {
        var work = new Work(async (connection, transaction) => await write(connection, transaction), singleStatement);
        ObjectDisposedException.ThrowIf(!queue.Writer.TryWrite(work), this);
        return (T)(await work.Done.Task.WaitAsync(cancellationToken))!;
    }

    public void Dispose()
    {
        queue.Writer.TryComplete();
        loop.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task RunAsync()
    {
        var batch = new List<Work>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var next)) batch.Add(next);
            var outcomes = new (object? Result, Exception? Error)[batch.Count];
            try
            {
                await using var connection = open();
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                for (var i = 0; i < batch.Count; i++)
                {
                    var guarded = !batch[i].SingleStatement;
                    if (guarded) transaction.Save(Savepoint);
                    try
                    {
                        outcomes[i] = (await batch[i].Write(connection, transaction), null);
                    }
#pragma warning disable CA1031 // the caller gets the exception; the batch goes on
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        if (guarded) transaction.Rollback(Savepoint);
                        outcomes[i] = (null, ex);
                    }

                    if (guarded) transaction.Release(Savepoint);
                }

                await transaction.CommitAsync();
            }
#pragma warning disable CA1031 // a failed commit fails every write in it, and the loop serves the next batch
            catch (Exception ex)
#pragma warning restore CA1031
            {
                for (var i = 0; i < outcomes.Length; i++) outcomes[i] = (null, ex);
            }

            for (var i = 0; i < batch.Count; i++)
            {
                if (outcomes[i].Error is { } error) batch[i].Done.TrySetException(error);
                else batch[i].Done.TrySetResult(outcomes[i].Result);
            }
        }
    }

    private sealed record Work(Func<SqliteConnection, SqliteTransaction, Task<object?>> Write, bool SingleStatement)
    {
        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
