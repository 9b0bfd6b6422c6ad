using System;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>Where a stored delivery is in its life.</summary>
public enum SallaInboxDeliveryState
{
    /// <summary>Waiting to be dispatched, being dispatched under a lease, or waiting for its next retry.</summary>
    Pending = 0,

    /// <summary>Dispatched without error; kept for <see cref="SallaInboxOptions.Retention"/> so Salla's retries are recognised, then pruned.</summary>
    Processed = 1,

    /// <summary>Failed <see cref="SallaInboxOptions.MaxAttempts"/> times (or can never succeed); kept with its error until replayed.</summary>
    DeadLettered = 2,
}

/// <summary>
/// One verified delivery in the inbox table, added to the app's model by
/// <see cref="SallaInboxModelBuilderExtensions.AddSallaInbox"/>. The worker owns the rows; read
/// them through <see cref="ISallaInboxAdmin"/> rather than changing them.
/// </summary>
public sealed class SallaInboxDelivery
{
    /// <summary>The lowercase hex SHA-256 of <see cref="Body"/>: the primary key, so a redelivery cannot be stored twice.</summary>
    public string DeliveryKey { get; set; } = "";

    /// <summary>The event name read from the body, such as <c>order.created</c>.</summary>
    public string EventName { get; set; } = "";

    /// <summary>The body exactly as Salla sent it (a binary column: never re-serialised).</summary>
    public byte[] Body { get; set; } = Array.Empty<byte>();

    /// <summary>When the delivery was received.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Where the delivery is in its life.</summary>
    public SallaInboxDeliveryState State { get; set; }

    /// <summary>How many times dispatch was started.</summary>
    public int Attempts { get; set; }

    /// <summary>When a pending delivery may be dispatched next.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The worker claim holding the delivery, while one does.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Until when <see cref="LeaseOwner"/> holds the delivery; after that another worker may claim it.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>The last dispatch error, for retried and dead-lettered deliveries.</summary>
    public string? LastError { get; set; }

    /// <summary>When the delivery was processed or dead-lettered.</summary>
    public DateTimeOffset? CompletedAt { get; set; }
}
