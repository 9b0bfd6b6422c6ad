using System.Threading;
using System.Threading.Tasks;
using Salla.Events;

namespace Salla.Codegen.Benchmarks;

/// <summary>How many deliveries reached the handler: the load programs check that each was dispatched once.</summary>
internal sealed class DeliveryCounter
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);
}

/// <summary>The one typed handler of the load programs' receivers: counts the deliveries dispatched to it.</summary>
internal sealed class CountingOrderCreatedHandler(DeliveryCounter counter) : IOrderCreatedHandler
{
    public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken)
    {
        counter.Increment();
        return ValueTask.CompletedTask;
    }
}
