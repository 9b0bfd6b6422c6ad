using System.Threading;
using System.Threading.Tasks;

namespace Salla.Codegen.Webhooks;

/// <summary>
/// Remembers which deliveries were received, so a redelivered body is acknowledged but not
/// dispatched twice. The in-memory <see cref="InMemorySallaDeliveryStore"/> is the default; a
/// store shared by several instances of the app (a database table with the key as primary key,
/// a cache with set-if-absent) makes deduplication hold across them.
/// </summary>
public interface ISallaDeliveryStore
{
    /// <summary>
    /// Marks <paramref name="deliveryKey"/> as in progress. Returns false when it is already in
    /// progress or completed: the delivery is then a duplicate. Must be atomic.
    /// </summary>
    /// <remarks>A durable store should let an in-progress mark lapse after a while, in case the process died before completing or abandoning it.</remarks>
    ValueTask<bool> TryBeginAsync(string deliveryKey, CancellationToken cancellationToken = default);

    /// <summary>Marks <paramref name="deliveryKey"/> as processed; later deliveries of the same body are duplicates.</summary>
    ValueTask CompleteAsync(string deliveryKey, CancellationToken cancellationToken = default);

    /// <summary>Forgets <paramref name="deliveryKey"/> after processing failed, so Salla's next retry is processed.</summary>
    ValueTask AbandonAsync(string deliveryKey, CancellationToken cancellationToken = default);
}
