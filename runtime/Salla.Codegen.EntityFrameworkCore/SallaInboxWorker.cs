using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Salla.Codegen.Webhooks;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>
/// The dispatching half. It claims due deliveries a batch at a time (<see cref="SallaInboxOptions.BatchSize"/>),
/// when fewer are held than it has free slots (<see cref="SallaInboxOptions.MaxConcurrency"/>), and renews
/// the lease of every delivery it holds, waiting or running, every third of
/// <see cref="SallaInboxOptions.LeaseDuration"/>: a lease runs out only when its worker stops renewing
/// it. Each delivery is dispatched in a DI scope of its own through <see cref="SallaDeliveryDispatcher"/>
/// and marked processed in the handlers' transaction (<see cref="SallaInboxOptions.TransactionalHandlers"/>),
/// or, without one, in a statement shared with the other deliveries finished meanwhile; all under
/// the provider's execution strategy. Failures are retried with exponential backoff and dead-lettered after
/// <see cref="SallaInboxOptions.MaxAttempts"/>; every claim counts as an attempt, so a delivery whose
/// lease keeps being lost (its worker dies, or cannot reach the database to renew it) is
/// dead-lettered too, never claimed for ever. It also prunes old processed rows and refreshes the
/// gauges. Any number of instances can share one database; on PostgreSQL each listens for the
/// others' inserts (<c>LISTEN</c>/<c>NOTIFY</c>), so polling is only the fallback.
/// </summary>
internal sealed class SallaInboxWorker<TContext> : BackgroundService
    where TContext : DbContext
{
    private const int MaxMarksPerCommit = 256;
    private static readonly TimeSpan MaxFailureDelay = TimeSpan.FromSeconds(30);

    private readonly IServiceScopeFactory _scopes;
    private readonly SallaInboxOptions _options;
    private readonly SallaInboxMetrics _metrics;
    private readonly SallaInboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;

    // Without handler transactions a mark commits nothing else, so marks of many deliveries share one statement.
    private readonly GroupCommit<(string Key, string Owner)> _marks;
    // Every delivery this worker holds a lease on: running, or claimed and waiting for a slot.
    private readonly ConcurrentDictionary<SallaInboxDelivery, byte> _held = new(ReferenceEqualityComparer.Instance);

    // Claimed deliveries waiting for a slot; only the dispatch loop touches it.
    private readonly Queue<SallaInboxDelivery> _waiting = new();
    private readonly string _workerId = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}");
    private long _claims;
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    public SallaInboxWorker(
        IServiceScopeFactory scopes,
        IOptions<SallaInboxOptions> options,
        SallaInboxMetrics metrics,
        SallaInboxSignal signal,
        TimeProvider time,
        ILogger<SallaInboxWorker<TContext>> logger)
    {
        _scopes = scopes;
        _options = options.Value;
        _metrics = metrics;
        _signal = signal;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
        _marks = new GroupCommit<(string Key, string Owner)>("Salla inbox worker", MaxMarksPerCommit, MarkAsync);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        SallaInboxLog.WorkerStarted(_logger, _workerId);

        // Apart from dispatching, so leases are renewed and the gauges and pruning keep going while handlers are slow.
        await Task.WhenAll(
            RepeatAsync(DispatchAsync, stoppingToken),
            RepeatAsync(RenewLeasesAsync, stoppingToken),
            RepeatAsync(ListenAsync, stoppingToken),
            RepeatAsync(MaintainAsync, stoppingToken)).ConfigureAwait(false);

        // The running deliveries saw the stop and give their rows back; so do the waiting ones.
        while (_waiting.TryDequeue(out var waiting))
        {
            await ReleaseAsync(waiting).ConfigureAwait(false);
            _held.TryRemove(waiting, out _);
        }

        for (var i = 0; i < _options.MaxConcurrency; i++)
        {
            await _slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _marks.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RepeatAsync(Func<CancellationToken, Task> step, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var failureDelay = _options.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await step(stoppingToken).ConfigureAwait(false);
                failureDelay = _options.PollInterval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database is down or unreachable: nothing is lost (the rows stay pending), so
                // wait, longer each time, and try again.
                if (SallaInboxSql.IsMissingTable(ex))
                {
                    SallaInboxLog.TableMissing(_logger, SallaInboxSql.MissingTableHint, failureDelay);
                }
                else
                {
                    SallaInboxLog.WorkerFailed(_logger, ex, failureDelay);
                }

                try
                {
                    await Task.Delay(failureDelay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                failureDelay = TimeSpan.FromTicks(Math.Min(failureDelay.Ticks * 2, MaxFailureDelay.Ticks));
            }
        }
    }

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        var (claimed, requested) = await DrainOnceAsync(stoppingToken).ConfigureAwait(false);
        if (claimed < requested && _waiting.Count == 0)
        {
            // Nothing more is due (or another replica is claiming it): sleep until a delivery is
            // stored here or the poll interval passes.
            await _signal.WaitAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for a free slot and starts as many held deliveries as there are free slots, claiming a
    /// batch (<see cref="SallaInboxOptions.BatchSize"/>) first when fewer are held. Returns how many
    /// were claimed and how many were asked for (both 0 when held deliveries sufficed).
    /// </summary>
    internal async Task<(int Claimed, int Requested)> DrainOnceAsync(CancellationToken stoppingToken)
    {
        await _slots.WaitAsync(stoppingToken).ConfigureAwait(false);
        var free = 1;
        while (free < _options.MaxConcurrency && _slots.Wait(0))
        {
            free++;
        }

        var (claimed, requested) = (0, 0);
        try
        {
            if (_waiting.Count < free)
            {
                // One claim per batch, not per free slot: the held deliveries' leases are renewed
                // while they wait, as while they run.
                requested = Math.Max(_options.BatchSize, free) - _waiting.Count;
                var batch = await ClaimAsync(requested, stoppingToken).ConfigureAwait(false);
                claimed = batch.Count;
                foreach (var delivery in batch)
                {
                    _held[delivery] = 0;
                    _waiting.Enqueue(delivery);
                }
            }
        }
        finally
        {
            var started = 0;
            while (started < free && _waiting.TryDequeue(out var delivery))
            {
                _ = RunAsync(delivery, stoppingToken);
                started++;
            }

            if (started < free)
            {
                _slots.Release(free - started);
            }
        }

        return (claimed, requested);
    }

    private async Task<List<SallaInboxDelivery>> ClaimAsync(int limit, CancellationToken stoppingToken)
    {
        var owner = string.Create(CultureInfo.InvariantCulture, $"{_workerId}/{Interlocked.Increment(ref _claims)}");
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var sql = SallaInboxSql.For(db);
        var now = _time.GetUtcNow();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(
            ct => sql.ClaimAsync(db, owner, limit, now, now + _options.LeaseDuration, _options.InitialRetryDelay, _options.MaxRetryDelay, ct),
            stoppingToken).ConfigureAwait(false);
    }

    private async Task RunAsync(SallaInboxDelivery delivery, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            if (delivery.Attempts > _options.MaxAttempts)
            {
                // Claimed again after its last allowed attempt lost its lease: it never finished.
                var error = new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Claimed {delivery.Attempts - 1} time(s) without finishing: each time its lease ran out (the worker died, or could not reach the database to renew it). MaxAttempts is {_options.MaxAttempts}."));
                await RecordFailureAsync(delivery, error, retryable: false).ConfigureAwait(false);
                return;
            }

            await ProcessAsync(delivery, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Not even the failure could be written (the database went away): the delivery stays
            // pending under this lease, and whichever worker claims it after the lease runs out
            // dispatches it. The rest carry on.
            SallaInboxLog.DispatchStateLost(_logger, ex, delivery.EventName, delivery.DeliveryKey, _options.LeaseDuration);
        }
        finally
        {
            _held.TryRemove(delivery, out _);
            _slots.Release();
        }
    }

    private async Task ProcessAsync(SallaInboxDelivery delivery, CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(delivery).ConfigureAwait(false);
            return;
        }

        Attempt attempt;
        try
        {
            attempt = await DispatchUnderStrategyAsync(delivery, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(delivery).ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            // The handlers' SaveChanges, the mark or the commit failed (after the execution
            // strategy's retries): the transaction is undone and the attempt counts as a failure.
            await RecordFailureAsync(delivery, ex, retryable: true).ConfigureAwait(false);
            return;
        }

        switch (attempt.Result.Outcome)
        {
            case SallaWebhookOutcome.HandlerFailed:
                await RecordFailureAsync(delivery, attempt.Result.Exception!, retryable: true).ConfigureAwait(false);
                break;
            case SallaWebhookOutcome.MalformedBody:
                // The same bytes fail the same way every time: no point retrying.
                await RecordFailureAsync(delivery, attempt.Result.Exception!, retryable: false).ConfigureAwait(false);
                break;
            case var _ when !attempt.Marked:
                // Another worker holds it now; what this one wrote was undone with the transaction.
                SallaInboxLog.LeaseLost(_logger, delivery.EventName, delivery.DeliveryKey);
                break;
            default:
                _metrics.Processed(delivery.EventName);
                break;
        }
    }

    /// <summary>
    /// Dispatches under the context's execution strategy: with <c>EnableRetryOnFailure</c> a transient
    /// failure runs the whole attempt again (handlers and mark) in a fresh scope and transaction.
    /// </summary>
    private async Task<Attempt> DispatchUnderStrategyAsync(SallaInboxDelivery delivery, CancellationToken stoppingToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var strategy = scope.ServiceProvider.GetRequiredService<TContext>().Database.CreateExecutionStrategy();
        var tries = 0;
        return await strategy.ExecuteAsync(
            async cancellationToken =>
            {
                if (tries++ == 0)
                {
                    return await DispatchOnceAsync(scope.ServiceProvider, delivery, cancellationToken).ConfigureAwait(false);
                }

                await using var retry = _scopes.CreateAsyncScope();
                return await DispatchOnceAsync(retry.ServiceProvider, delivery, cancellationToken).ConfigureAwait(false);
            },
            stoppingToken).ConfigureAwait(false);
    }

    private async Task<Attempt> DispatchOnceAsync(IServiceProvider services, SallaInboxDelivery delivery, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<TContext>();
        var transaction = _options.TransactionalHandlers
            ? await SallaInboxStore.BeginHandlerTransactionAsync(db, cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            var result = await services.GetRequiredService<SallaDeliveryDispatcher>()
                .DispatchAsync(delivery.Body, delivery.DeliveryKey, cancellationToken).ConfigureAwait(false);
            if (result.Outcome is SallaWebhookOutcome.HandlerFailed or SallaWebhookOutcome.MalformedBody)
            {
                // Disposing the transaction rolls back whatever the handlers wrote.
                return new Attempt(result, Marked: false);
            }

            // Handlers may have added entities to the scope's context without saving them.
            if (db.ChangeTracker.HasChanges())
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            (string Key, string Owner) held = (delivery.DeliveryKey, delivery.LeaseOwner!);
            var marked = transaction is null
                ? await _marks.CommitAsync(held, cancellationToken).ConfigureAwait(false)
                : (await SallaInboxSql.For(db).MarkProcessedAsync(db, [held], _time.GetUtcNow(), cancellationToken).ConfigureAwait(false)).Count == 1;
            if (!marked)
            {
                return new Attempt(result, Marked: false);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return new Attempt(result, Marked: true);
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// On PostgreSQL, holds a connection subscribed to the inserts' notifications and wakes the
    /// dispatch loop on each, so a delivery stored by another replica is claimed at once rather than
    /// at the next poll. A lost connection is reopened with the other loops' backoff.
    /// </summary>
    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            if (SallaInboxSql.For(db).ListenStatement is { } listen)
            {
                // Listens until the connection fails or the worker stops; returns at once when it cannot listen.
                await ListenOnPostgresAsync(db, listen, stoppingToken).ConfigureAwait(false);
            }
        }

        // Nothing to listen on: on SQLite one process writes the file and its inserts wake its worker in
        // memory; a wrapped connection (a profiler's) cannot wait for notifications. Polling it is, with no
        // scope or connection held meanwhile.
        await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
    }

    private async Task ListenOnPostgresAsync(DbContext db, string listen, CancellationToken stoppingToken)
    {
        if (db.Database.GetDbConnection() is not NpgsqlConnection connection)
        {
            return;
        }

        await db.Database.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
        connection.Notification += (_, _) => _signal.Notify();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = listen;
            await command.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
        }

        // Whatever was stored while this connection was not listening was not announced to it.
        _signal.Notify();
        while (true)
        {
            await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task<bool[]> MarkAsync(IReadOnlyList<(string Key, string Owner)> held)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var sql = SallaInboxSql.For(db);

        // A retry after a commit whose answer was lost finds the rows processed and reports them
        // lost; their handlers already ran, and nothing runs them again.
        var marked = await db.Database.CreateExecutionStrategy().ExecuteAsync(
            (db, sql, held, now: _time.GetUtcNow()),
            static (_, state, cancellationToken) => state.sql.MarkProcessedAsync(state.db, state.held, state.now, cancellationToken),
            null,
            CancellationToken.None).ConfigureAwait(false);
        var answers = new bool[held.Count];
        for (var i = 0; i < held.Count; i++)
        {
            answers[i] = marked.Contains(held[i].Key);
        }

        return answers;
    }

    private async Task RenewLeasesAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(_options.LeaseDuration / 3, _time, stoppingToken).ConfigureAwait(false);
        if (_held.IsEmpty)
        {
            return;
        }

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        foreach (var delivery in _held.Keys)
        {
            var until = _time.GetUtcNow() + _options.LeaseDuration;
            await SallaInboxStore.RenewLeaseAsync(db, delivery.DeliveryKey, delivery.LeaseOwner!, until, until + LostLeaseDelay(delivery.Attempts), stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task MaintainAsync(CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        await RefreshMetricsAsync(stoppingToken).ConfigureAwait(false);
        if (now >= _nextPrune)
        {
            await PruneAsync(stoppingToken).ConfigureAwait(false);
            _nextPrune = now + _options.PruneInterval;
        }

        await Task.Delay(_options.MetricsInterval < _options.PruneInterval ? _options.MetricsInterval : _options.PruneInterval, stoppingToken).ConfigureAwait(false);
    }

    private async Task RecordFailureAsync(SallaInboxDelivery delivery, Exception failure, bool retryable)
    {
        // A fresh scope: the dispatch's context may hold a failed transaction or half-saved entities.
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = _time.GetUtcNow();
        var error = failure.ToString();
        if (!retryable || delivery.Attempts >= _options.MaxAttempts)
        {
            if (await SallaInboxStore.DeadLetterAsync(db, delivery.DeliveryKey, delivery.LeaseOwner!, now, error, CancellationToken.None).ConfigureAwait(false))
            {
                _metrics.DeadLettered(delivery.EventName);
                SallaInboxLog.DeadLettered(_logger, failure, delivery.EventName, delivery.DeliveryKey, delivery.Attempts);
            }

            return;
        }

        var delay = RetryDelay(delivery.Attempts);
        if (await SallaInboxStore.ScheduleRetryAsync(db, delivery.DeliveryKey, delivery.LeaseOwner!, now + delay, error, CancellationToken.None).ConfigureAwait(false))
        {
            _metrics.Retried(delivery.EventName);
            SallaInboxLog.Retrying(_logger, failure, delivery.EventName, delivery.DeliveryKey, delivery.Attempts, _options.MaxAttempts, delay);
        }
    }

    /// <summary>InitialRetryDelay × 2^(attempt − 1), capped at MaxRetryDelay, less up to a fifth at random so replicas' retries spread out.</summary>
    internal TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromTicks((long)(LostLeaseDelay(attempt).Ticks * (1 - (Random.Shared.NextDouble() * 0.2))));

    /// <summary>The same doubling without the spread: how long after a lost lease its delivery is due again (the claim's SQL computes it alike).</summary>
    private TimeSpan LostLeaseDelay(int attempt)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        return TimeSpan.FromTicks((long)Math.Min(_options.InitialRetryDelay.Ticks * (double)(1L << exponent), _options.MaxRetryDelay.Ticks));
    }

    private async Task ReleaseAsync(SallaInboxDelivery delivery)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await SallaInboxStore.ReleaseAsync(db, delivery.DeliveryKey, delivery.LeaseOwner!, _time.GetUtcNow(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopping anyway: the lease runs out and another worker takes the delivery then.
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var pruned = await SallaInboxSql.For(db).PruneAsync(db, _time.GetUtcNow() - _options.Retention, cancellationToken).ConfigureAwait(false);
        if (pruned > 0)
        {
            SallaInboxLog.Pruned(_logger, pruned, _options.Retention);
        }
    }

    private async Task RefreshMetricsAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        _metrics.Update(await SallaInboxSql.For(db).StatsAsync(db, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>What one dispatch did, and whether its delivery was marked processed with it.</summary>
    private readonly record struct Attempt(SallaWebhookResult Result, bool Marked);
}
