using System;
using System.Threading;
using System.Threading.Tasks;

namespace Salla.Codegen.Webhooks;

/// <summary>
/// A verified delivery waiting to be dispatched: what an <see cref="ISallaInbox"/> stores and later
/// hands to <see cref="SallaWebhookProcessor.ProcessInboxItemAsync"/>.
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
    /// <summary>Stores <paramref name="item"/> durably. Throwing makes the receiver answer 500, so Salla retries.</summary>
    ValueTask EnqueueAsync(SallaInboxItem item, CancellationToken cancellationToken);
}
