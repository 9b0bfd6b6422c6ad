using System;
using System.Collections.Generic;
using System.Threading;
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
    private readonly GroupCommit<SallaInboxItem> _inserts;

    public EntityFrameworkSallaInbox(IServiceScopeFactory scopes, SallaInboxMetrics metrics, SallaInboxSignal signal)
    {
        _scopes = scopes;
        _metrics = metrics;
        _signal = signal;
        _inserts = new GroupCommit<SallaInboxItem>("Salla inbox", MaxDeliveriesPerCommit, InsertAsync);
    }

    public async ValueTask<bool> EnqueueAsync(SallaInboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);

        // A caller that goes away stops waiting; its delivery may still be stored, and Salla's
        // retry of it is then a duplicate.
        return await _inserts.CommitAsync(item, cancellationToken).ConfigureAwait(false);
    }

    // Stops taking deliveries; those already waiting are still committed.
    public void Dispose() => _inserts.Complete();

    public ValueTask DisposeAsync() => _inserts.DisposeAsync();

    private async Task<bool[]> InsertAsync(IReadOnlyList<SallaInboxItem> items)
    {
        // The same body twice in one commit (a retry racing its original) is stored once, for the first.
        var first = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        var distinct = new List<SallaInboxItem>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (first.TryAdd(items[i].DeliveryKey, i))
            {
                distinct.Add(items[i]);
            }
        }

        // A scope of its own: nothing else a request's context tracks is saved with the deliveries.
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var sql = SallaInboxSql.For(db);

        // Under the provider's execution strategy, so a transient failure is retried as
        // EnableRetryOnFailure asks; the insert is idempotent, so a retry after a commit whose
        // answer was lost only finds the rows there.
        var stored = await db.Database.CreateExecutionStrategy().ExecuteAsync(
            (db, sql, distinct),
            static (_, state, cancellationToken) => state.sql.InsertAsync(state.db, state.distinct, cancellationToken),
            null,
            CancellationToken.None).ConfigureAwait(false);
        if (stored.Count > 0)
        {
            _signal.Notify();
        }

        var answers = new bool[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            answers[i] = stored.Contains(items[i].DeliveryKey) && first[items[i].DeliveryKey] == i;
            if (answers[i])
            {
                _metrics.Stored(items[i].EventName);
            }
            else
            {
                _metrics.Duplicate(items[i].EventName);
            }
        }

        return answers;
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
