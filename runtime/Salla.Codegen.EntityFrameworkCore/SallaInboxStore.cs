using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>The inbox's less frequent statements (retries, dead letters, leases, admin) in provider-neutral LINQ; the hot ones are in <see cref="SallaInboxSql"/>.</summary>
internal static class SallaInboxStore
{
    private const int MaxErrorLength = 8000;

    public static DbSet<SallaInboxDelivery> Deliveries(DbContext db) => db.Set<SallaInboxDelivery>();

    /// <summary>Extends the lease of a delivery <paramref name="leaseOwner"/> still holds (it is running or waiting for a slot).</summary>
    public static Task<int> RenewLeaseAsync(DbContext db, string deliveryKey, string leaseOwner, DateTimeOffset leaseUntil, DateTimeOffset dueIfLost, CancellationToken cancellationToken) =>
        Held(db, deliveryKey, leaseOwner).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.LeaseUntil, leaseUntil)
                .SetProperty(d => d.NextAttemptAt, dueIfLost),
            cancellationToken);

    /// <summary>Schedules a retry at <paramref name="nextAttemptAt"/>, keeping the error.</summary>
    public static async Task<bool> ScheduleRetryAsync(DbContext db, string deliveryKey, string leaseOwner, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        await Held(db, deliveryKey, leaseOwner).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.NextAttemptAt, nextAttemptAt)
                .SetProperty(d => d.LastError, Truncate(error))
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null),
            cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>Moves a delivery to the dead-letter state, keeping the error.</summary>
    public static async Task<bool> DeadLetterAsync(DbContext db, string deliveryKey, string leaseOwner, DateTimeOffset now, string error, CancellationToken cancellationToken) =>
        await Held(db, deliveryKey, leaseOwner).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.State, SallaInboxDeliveryState.DeadLettered)
                .SetProperty(d => d.CompletedAt, now)
                .SetProperty(d => d.LastError, Truncate(error))
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null),
            cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>Gives a claimed delivery back untried (the worker is stopping), so another worker takes it at once.</summary>
    public static Task<int> ReleaseAsync(DbContext db, string deliveryKey, string leaseOwner, DateTimeOffset now, CancellationToken cancellationToken) =>
        Held(db, deliveryKey, leaseOwner).ExecuteUpdateAsync(
            s => s.SetProperty(d => d.Attempts, d => d.Attempts - 1)
                .SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null),
            cancellationToken);

    /// <summary>Makes a dead-lettered delivery pending again with a fresh attempt count; the last error stays for reference.</summary>
    public static async Task<bool> ReplayAsync(DbContext db, string deliveryKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        await Deliveries(db)
            .Where(d => d.DeliveryKey == deliveryKey && d.State == SallaInboxDeliveryState.DeadLettered)
            .ExecuteUpdateAsync(Replayed(now), cancellationToken).ConfigureAwait(false) == 1;

    public static Task<int> ReplayAllAsync(DbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        Deliveries(db)
            .Where(d => d.State == SallaInboxDeliveryState.DeadLettered)
            .ExecuteUpdateAsync(Replayed(now), cancellationToken);

    public static async Task<IReadOnlyList<SallaInboxDelivery>> ListAsync(DbContext db, SallaInboxDeliveryState state, int limit, CancellationToken cancellationToken) =>
        await Deliveries(db).AsNoTracking()
            .Where(d => d.State == state)
            .OrderBy(d => d.ReceivedAt)
            .Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Opens the transaction the handlers share with the processed mark. On SQLite it is deferred:
    /// it takes the database's single write lock only when something writes, not for the whole
    /// time a handler runs, so receiving is not held up by handlers that only read or call out.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginHandlerTransactionAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var transaction = sqlite.BeginTransaction(deferred: true);
            return await db.Database.UseTransactionAsync(transaction, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The SQLite transaction could not be attached to the DbContext.");
        }

        return await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IQueryable<SallaInboxDelivery> Held(DbContext db, string deliveryKey, string leaseOwner) =>
        Deliveries(db).Where(d => d.DeliveryKey == deliveryKey && d.LeaseOwner == leaseOwner && d.State == SallaInboxDeliveryState.Pending);

    private static Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<SallaInboxDelivery>> Replayed(DateTimeOffset now) =>
        s => s.SetProperty(d => d.State, SallaInboxDeliveryState.Pending)
            .SetProperty(d => d.Attempts, 0)
            .SetProperty(d => d.NextAttemptAt, now)
            .SetProperty(d => d.CompletedAt, (DateTimeOffset?)null)
            .SetProperty(d => d.LeaseOwner, (string?)null)
            .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null);

    private static string Truncate(string error) => error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
}
