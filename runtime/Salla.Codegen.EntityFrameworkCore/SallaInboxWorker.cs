using System;
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
using Salla.Codegen.Webhooks;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>
/// The dispatching half: claims due deliveries under a lease, dispatches each in a DI scope of its
/// own, marks it processed (in the handlers' transaction when <see cref="SallaInboxOptions.TransactionalHandlers"/>
/// is on), retries failures with exponential backoff, dead-letters what keeps failing, prunes
/// old processed rows and refreshes the gauges. Any number of instances can share one database.
/// </summary>
internal sealed class SallaInboxWorker<TContext> : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan MaxFailureDelay = TimeSpan.FromSeconds(30);

    private readonly IServiceScopeFactory _scopes;
    private readonly SallaInboxOptions _options;
    private readonly SallaWebhookAuthenticator _authenticator;
    private readonly SallaInboxMetrics _metrics;
    private readonly SallaInboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILogger _processorLogger;

    // The inbox deduplicates by its key; the processor's own in-memory store would wrongly take a
    // delivery whose handler transaction rolled back for a completed one.
    private readonly SallaWebhookOptions _dispatchOptions = new() { Deduplication = false };
    private readonly string _workerId = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}");
    private long _claims;
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    public SallaInboxWorker(
        IServiceScopeFactory scopes,
        IOptions<SallaInboxOptions> options,
        SallaWebhookAuthenticator authenticator,
        SallaInboxMetrics metrics,
        SallaInboxSignal signal,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        _scopes = scopes;
        _options = options.Value;
        _authenticator = authenticator;
        _metrics = metrics;
        _signal = signal;
        _time = time;
        _logger = loggers.CreateLogger<SallaInboxWorker<TContext>>();
        _processorLogger = loggers.CreateLogger<SallaWebhookProcessor>();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        SallaInboxLog.WorkerStarted(_logger, _workerId);

        // Apart from dispatching, so the gauges and pruning keep going while handlers are slow.
        await Task.WhenAll(
            RepeatAsync(DispatchAsync, stoppingToken),
            RepeatAsync(MaintainAsync, stoppingToken)).ConfigureAwait(false);
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
                SallaInboxLog.WorkerFailed(_logger, ex, failureDelay);
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
        var (claimed, moreDue) = await DrainOnceAsync(stoppingToken).ConfigureAwait(false);
        if (claimed == 0 && !moreDue)
        {
            await _signal.WaitAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
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

    /// <summary>Claims one batch and dispatches it. Returns how many were claimed, and whether due deliveries were left to others' claims.</summary>
    internal async Task<(int Claimed, bool MoreDue)> DrainOnceAsync(CancellationToken stoppingToken)
    {
        var leaseOwner = string.Create(CultureInfo.InvariantCulture, $"{_workerId}/{Interlocked.Increment(ref _claims)}");
        List<SallaInboxDelivery> batch;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var now = _time.GetUtcNow();
            batch = await SallaInboxStore.ClaimAsync(db, leaseOwner, _options.BatchSize, _options.LeaseDuration, now, stoppingToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                // Another worker won every row of this claim: look again at once if rows are still due.
                return (0, await SallaInboxStore.AnyDueAsync(db, now, stoppingToken).ConfigureAwait(false));
            }
        }

        await Parallel.ForEachAsync(
            batch,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = CancellationToken.None },
            (delivery, _) => new ValueTask(ProcessGuardedAsync(delivery, leaseOwner, stoppingToken))).ConfigureAwait(false);
        return (batch.Count, batch.Count == _options.BatchSize);
    }

    private async Task ProcessGuardedAsync(SallaInboxDelivery delivery, string leaseOwner, CancellationToken stoppingToken)
    {
        try
        {
            await ProcessAsync(delivery, leaseOwner, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Not even the failure could be written (the database went away): the delivery stays
            // pending under this lease, and whichever worker claims it after the lease runs out
            // dispatches it. The rest of the batch carries on.
            SallaInboxLog.DispatchStateLost(_logger, ex, delivery.EventName, delivery.DeliveryKey, _options.LeaseDuration);
        }
    }

    private async Task ProcessAsync(SallaInboxDelivery delivery, string leaseOwner, CancellationToken stoppingToken)
    {
        if (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(delivery, leaseOwner).ConfigureAwait(false);
            return;
        }

        Exception? failure;
        var retryable = true;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var processor = new SallaWebhookProcessor(
                _dispatchOptions,
                _authenticator,
                scope.ServiceProvider.GetRequiredService<ISallaEventDispatcher>(),
                logger: _processorLogger,
                timeProvider: _time);

            IDbContextTransaction? transaction = null;
            try
            {
                if (_options.TransactionalHandlers)
                {
                    transaction = await SallaInboxStore.BeginHandlerTransactionAsync(db, stoppingToken).ConfigureAwait(false);
                }

                var result = await processor.ProcessInboxItemAsync(
                    new SallaInboxItem(delivery.DeliveryKey, delivery.EventName, delivery.Body, delivery.ReceivedAt),
                    stoppingToken).ConfigureAwait(false);

                switch (result.Outcome)
                {
                    case SallaWebhookOutcome.HandlerFailed:
                        failure = result.Exception ?? new InvalidOperationException(result.Reason);
                        break;
                    case SallaWebhookOutcome.MalformedBody:
                        // The same bytes fail the same way every time: no point retrying.
                        failure = result.Exception ?? new InvalidOperationException(result.Reason);
                        retryable = false;
                        break;
                    default:
                        // Handlers may have added entities to the scope's context without saving them.
                        if (db.ChangeTracker.HasChanges())
                        {
                            await db.SaveChangesAsync(stoppingToken).ConfigureAwait(false);
                        }

                        if (!await SallaInboxStore.MarkProcessedAsync(db, delivery.DeliveryKey, leaseOwner, _time.GetUtcNow(), stoppingToken).ConfigureAwait(false))
                        {
                            // Another worker holds it now; what this one wrote is undone with the
                            // transaction, and the other one's run counts.
                            if (transaction is not null)
                            {
                                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                            }

                            SallaInboxLog.LeaseLost(_logger, delivery.EventName, delivery.DeliveryKey);
                            return;
                        }

                        if (transaction is not null)
                        {
                            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                        }

                        _metrics.Processed(delivery.EventName);
                        return;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await RollbackQuietlyAsync(transaction).ConfigureAwait(false);
                await ReleaseAsync(delivery, leaseOwner).ConfigureAwait(false);
                return;
            }
            catch (Exception ex)
            {
                // The handlers' SaveChanges or the mark itself failed: the transaction is undone
                // and the attempt counts as a failure like a throwing handler.
                failure = ex;
            }
            finally
            {
                if (transaction is not null)
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        await RecordFailureAsync(delivery, leaseOwner, failure, retryable).ConfigureAwait(false);
    }

    private async Task RecordFailureAsync(SallaInboxDelivery delivery, string leaseOwner, Exception failure, bool retryable)
    {
        // A fresh scope: the dispatch's context may hold a failed transaction or half-saved entities.
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = _time.GetUtcNow();
        var error = failure.ToString();
        if (!retryable || delivery.Attempts >= _options.MaxAttempts)
        {
            if (await SallaInboxStore.DeadLetterAsync(db, delivery.DeliveryKey, leaseOwner, now, error, CancellationToken.None).ConfigureAwait(false))
            {
                _metrics.DeadLettered(delivery.EventName);
                SallaInboxLog.DeadLettered(_logger, failure, delivery.EventName, delivery.DeliveryKey, delivery.Attempts);
            }

            return;
        }

        var delay = RetryDelay(delivery.Attempts);
        if (await SallaInboxStore.ScheduleRetryAsync(db, delivery.DeliveryKey, leaseOwner, now + delay, error, CancellationToken.None).ConfigureAwait(false))
        {
            _metrics.Retried(delivery.EventName);
            SallaInboxLog.Retrying(_logger, failure, delivery.EventName, delivery.DeliveryKey, delivery.Attempts, _options.MaxAttempts, delay);
        }
    }

    /// <summary>InitialRetryDelay × 2^(attempt − 1), capped at MaxRetryDelay, less up to a fifth at random so replicas' retries spread out.</summary>
    internal TimeSpan RetryDelay(int attempt)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ticks = Math.Min(_options.InitialRetryDelay.Ticks * (double)(1L << exponent), _options.MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (1 - (Random.Shared.NextDouble() * 0.2))));
    }

    private async Task ReleaseAsync(SallaInboxDelivery delivery, string leaseOwner)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await SallaInboxStore.ReleaseAsync(db, delivery.DeliveryKey, leaseOwner, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopping anyway: the lease runs out and another worker takes the delivery then.
        }
    }

    private static async Task RollbackQuietlyAsync(IDbContextTransaction? transaction)
    {
        if (transaction is null)
        {
            return;
        }

        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Disposing the transaction rolls it back as well.
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var pruned = await SallaInboxStore.PruneAsync(db, _time.GetUtcNow() - _options.Retention, cancellationToken).ConfigureAwait(false);
        if (pruned > 0)
        {
            SallaInboxLog.Pruned(_logger, pruned, _options.Retention);
        }
    }

    private async Task RefreshMetricsAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        _metrics.Update(await SallaInboxStore.StatsAsync(db, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false));
    }
}
