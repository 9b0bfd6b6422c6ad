using System;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>The inbox's figures at one moment.</summary>
/// <param name="Pending">Deliveries not yet processed nor dead-lettered.</param>
/// <param name="DeadLettered">Dead-lettered deliveries waiting to be replayed.</param>
/// <param name="OldestPendingReceivedAt">When the oldest pending delivery was received; null when none is pending.</param>
/// <param name="MeasuredAt">When the figures were read.</param>
public sealed record SallaInboxStats(long Pending, long DeadLettered, DateTimeOffset? OldestPendingReceivedAt, DateTimeOffset MeasuredAt)
{
    /// <summary>How long the oldest pending delivery had waited when measured; null when none is pending.</summary>
    public TimeSpan? OldestPendingAge => OldestPendingReceivedAt is { } received ? MeasuredAt - received : null;
}
