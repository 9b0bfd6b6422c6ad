using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>Operations on the inbox: figures, listing deliveries by state, replaying dead letters.</summary>
public interface ISallaInboxAdmin
{
    /// <summary>The inbox's figures now, read from the database.</summary>
    Task<SallaInboxStats> GetStatsAsync(CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> deliveries in <paramref name="state"/>, oldest first.</summary>
    Task<IReadOnlyList<SallaInboxDelivery>> ListAsync(SallaInboxDeliveryState state = SallaInboxDeliveryState.DeadLettered, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Makes the dead-lettered delivery <paramref name="deliveryKey"/> pending again, with a fresh attempt count. False when there is no such dead letter.</summary>
    Task<bool> ReplayAsync(string deliveryKey, CancellationToken cancellationToken = default);

    /// <summary>Makes every dead-lettered delivery pending again; returns how many.</summary>
    Task<int> ReplayAllDeadLetteredAsync(CancellationToken cancellationToken = default);
}

internal sealed class EntityFrameworkSallaInboxAdmin<TContext>(
    IServiceScopeFactory scopes,
    SallaInboxSignal signal,
    TimeProvider time,
    ILogger<EntityFrameworkSallaInboxAdmin<TContext>> logger) : ISallaInboxAdmin
    where TContext : DbContext
{
    public async Task<SallaInboxStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        return await SallaInboxSql.For(db).StatsAsync(db, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SallaInboxDelivery>> ListAsync(SallaInboxDeliveryState state = SallaInboxDeliveryState.DeadLettered, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var scope = scopes.CreateAsyncScope();
        return await SallaInboxStore.ListAsync(scope.ServiceProvider.GetRequiredService<TContext>(), state, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ReplayAsync(string deliveryKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryKey);
        await using var scope = scopes.CreateAsyncScope();
        var replayed = await SallaInboxStore.ReplayAsync(scope.ServiceProvider.GetRequiredService<TContext>(), deliveryKey, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (replayed)
        {
            SallaInboxLog.Replayed(logger, deliveryKey);
            signal.Notify();
        }

        return replayed;
    }

    public async Task<int> ReplayAllDeadLetteredAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var replayed = await SallaInboxStore.ReplayAllAsync(scope.ServiceProvider.GetRequiredService<TContext>(), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (replayed > 0)
        {
            signal.Notify();
        }

        return replayed;
    }
}
