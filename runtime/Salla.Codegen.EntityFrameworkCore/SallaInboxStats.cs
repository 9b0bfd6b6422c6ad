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

/// <summary>One delivery as the admin API lists it (the body is left out).</summary>
/// <param name="DeliveryKey">The lowercase hex SHA-256 of the body.</param>
/// <param name="EventName">The event name.</param>
/// <param name="State">Where the delivery is.</param>
/// <param name="Attempts">How many times dispatch was started.</param>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="NextAttemptAt">When a pending delivery is due.</param>
/// <param name="CompletedAt">When it was processed or dead-lettered.</param>
/// <param name="LastError">The last dispatch error.</param>
public sealed record SallaInboxEntry(
    string DeliveryKey,
    string EventName,
    SallaInboxDeliveryState State,
    int Attempts,
    DateTimeOffset ReceivedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? CompletedAt,
    string? LastError);
