using System;
using System.Threading;
using System.Threading.Tasks;

namespace Salla.Codegen.Webhooks;

/// <summary>
/// A verified delivery to store: what the receiver hands an <see cref="ISallaInbox"/>, which later
/// dispatches the body through <see cref="SallaDeliveryDispatcher.DispatchAsync"/>.
/// </summary>
/// <param name="DeliveryKey">The lowercase hex SHA-256 of <paramref name="Body"/>; a natural primary key for the stored item.</param>
/// <param name="EventName">The event name read from the body, such as <c>order.created</c>.</param>
/// <param name="Body">The body exactly as Salla sent it.</param>
/// <param name="ReceivedAt">When the delivery was received.</param>
public sealed record SallaInboxItem(string DeliveryKey, [SallaEventName][property: SallaEventName] string EventName, ReadOnlyMemory<byte> Body, DateTimeOffset ReceivedAt);

/// <summary>
/// Durable storage for verified deliveries (a queue, a table), provided by the app. With
/// <see cref="SallaWebhookOptions.UseInbox"/> the receiver answers Salla as soon as
/// <see cref="EnqueueAsync"/> returns, so slow work never runs into Salla's 30-second timeout.
/// </summary>
public interface ISallaInbox
{
    /// <summary>
    /// Stores <paramref name="item"/> durably. Returns true when it was stored now, false when a
    /// delivery with its key is already stored (a redelivery: answered 200 "duplicate", not
    /// dispatched again). Throwing makes the receiver answer 500, so Salla retries.
    /// </summary>
    ValueTask<bool> EnqueueAsync(SallaInboxItem item, CancellationToken cancellationToken);
}
