using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Salla.Codegen.Webhooks;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>
/// The receiving half, with group commit: deliveries that arrive while a commit is in flight wait
/// for the next one, and each commit stores all of them in one statement. A receive returns only
/// after the commit that holds its delivery, so the receiver's 200 always follows a durable write;
/// a failed commit fails every receive it held, and each is answered 500 so Salla retries. A key
/// already stored is a redelivery: told apart by <c>ON CONFLICT DO NOTHING</c>, never by a failed statement.
/// </summary>
internal sealed class EntityFrameworkSallaInbox<TContext> : ISallaInbox, IAsyncDisposable, IDisposable
    where TContext : DbContext
{
    // Enough to take every delivery a busy receiver has waiting, small enough for one statement's parameters.
    private const int MaxDeliveriesPerCommit = 256;

    private readonly IServiceScopeFactory _scopes;
    private readonly SallaInboxMetrics _metrics;
    private readonly SallaInboxSignal _signal;
    private readonly Channel<Waiting> _waiting = Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _committing;

    public EntityFrameworkSallaInbox(IServiceScopeFactory scopes, SallaInboxMetrics metrics, SallaInboxSignal signal)
    {
        _scopes = scopes;
        _metrics = metrics;
        _signal = signal;
        _committing = Task.Run(CommitLoopAsync);
    }

    public async ValueTask<bool> EnqueueAsync(SallaInboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var waiting = new Waiting(item);
        if (!_waiting.Writer.TryWrite(waiting))
        {
            throw new ObjectDisposedException(nameof(EntityFrameworkSallaInbox<TContext>), "The Salla inbox is shutting down.");
        }

        // A caller that goes away stops waiting; its delivery may still be stored, and Salla's
        // retry of it is then a duplicate.
        return await waiting.Stored.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    // Stops taking deliveries; those already waiting are still committed.
    public void Dispose() => _waiting.Writer.TryComplete();

    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        await _committing.ConfigureAwait(false);
    }

    private async Task CommitLoopAsync()
    {
        var batch = new List<Waiting>(MaxDeliveriesPerCommit);
        var items = new List<SallaInboxItem>(MaxDeliveriesPerCommit);
        var first = new Dictionary<string, Waiting>(StringComparer.Ordinal);
        while (await _waiting.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            items.Clear();
            first.Clear();
            while (batch.Count < MaxDeliveriesPerCommit && _waiting.Reader.TryRead(out var waiting))
            {
                batch.Add(waiting);

                // The same body twice in one commit (a retry racing its original) is stored once.
                if (first.TryAdd(waiting.Item.DeliveryKey, waiting))
                {
                    items.Add(waiting.Item);
                }
            }

            HashSet<string> stored;
            try
            {
                stored = await InsertAsync(items).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                foreach (var waiting in batch)
                {
                    waiting.Stored.TrySetException(ex);
                }

                continue;
            }

            foreach (var waiting in batch)
            {
                var isNew = stored.Contains(waiting.Item.DeliveryKey) && ReferenceEquals(first[waiting.Item.DeliveryKey], waiting);
                if (isNew)
                {
                    _metrics.Stored(waiting.Item.EventName);
                }
                else
                {
                    _metrics.Duplicate(waiting.Item.EventName);
                }

                waiting.Stored.TrySetResult(isNew);
            }

            if (stored.Count > 0)
            {
                _signal.Notify();
            }
        }
    }

    private async Task<HashSet<string>> InsertAsync(List<SallaInboxItem> items)
    {
        // A scope of its own: nothing else a request's context tracks is saved with the deliveries.
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var sql = SallaInboxSql.For(db);

        // Under the provider's execution strategy, so a transient failure is retried as
        // EnableRetryOnFailure asks; the insert is idempotent, so a retry after a commit whose
        // answer was lost only finds the rows there.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(
            (db, sql, items),
            static (_, state, cancellationToken) => state.sql.InsertAsync(state.db, state.items, cancellationToken),
            null,
            CancellationToken.None).ConfigureAwait(false);
    }

    private sealed class Waiting(SallaInboxItem item)
    {
        public SallaInboxItem Item { get; } = item;

        public TaskCompletionSource<bool> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Wakes this instance's worker when a delivery was stored or a slot freed, so it need not wait for the next poll.</summary>
internal sealed class SallaInboxSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        if (_semaphore.CurrentCount == 0)
        {
            try
            {
                _semaphore.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another delivery woke the worker first; one wake-up is enough.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);
}
