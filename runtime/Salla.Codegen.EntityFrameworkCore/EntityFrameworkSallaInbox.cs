using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Salla.Codegen.Webhooks;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>
/// The receiving half: one INSERT under the delivery key, committed before the receiver answers.
/// A redelivery fails on the key and is acknowledged without being stored or dispatched again;
/// any other database error propagates, so the receiver answers 500 and Salla retries.
/// </summary>
internal sealed class EntityFrameworkSallaInbox<TContext>(
    IServiceScopeFactory scopes,
    SallaInboxMetrics metrics,
    SallaInboxSignal signal,
    ILogger<EntityFrameworkSallaInbox<TContext>> logger) : ISallaInbox
    where TContext : DbContext
{
    public async ValueTask EnqueueAsync(SallaInboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);

        // A scope of its own: whatever else the request's context tracks is not saved with it.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        SallaInboxStore.Deliveries(db).Add(new SallaInboxDelivery
        {
            DeliveryKey = item.DeliveryKey,
            EventName = item.EventName,
            Body = ExactArray(item.Body),
            ReceivedAt = item.ReceivedAt,
            NextAttemptAt = item.ReceivedAt,
            State = SallaInboxDeliveryState.Pending,
        });

        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (SallaInboxStore.IsUniqueViolation(ex))
        {
            metrics.Duplicate(item.EventName);
            SallaInboxLog.Duplicate(logger, item.EventName, item.DeliveryKey);
            return;
        }

        metrics.Stored(item.EventName);
        signal.Notify();
    }

    // The receiver reads each body into an array of its own; storing that array saves a copy.
    private static byte[] ExactArray(ReadOnlyMemory<byte> body) =>
        MemoryMarshal.TryGetArray(body, out var segment) && segment.Array is { } array && segment.Offset == 0 && segment.Count == array.Length
            ? array
            : body.ToArray();
}

/// <summary>Wakes this instance's worker when a delivery was stored, so it need not wait for the next poll.</summary>
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
