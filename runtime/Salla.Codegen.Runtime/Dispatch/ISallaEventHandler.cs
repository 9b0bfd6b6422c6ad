using System.Threading;
using System.Threading.Tasks;

namespace Salla.Codegen;

/// <summary>Handles one kind of event; the generator emits one interface per event deriving from this.</summary>
/// <typeparam name="TEvent">The generated event type.</typeparam>
public interface ISallaEventHandler<in TEvent>
    where TEvent : SallaEvent
{
    /// <summary>Handles the event. Throwing makes the receiver answer 500, so Salla retries.</summary>
    ValueTask HandleAsync(TEvent salla, CancellationToken cancellationToken);
}

/// <summary>Sees every event that has a spec, after its own handlers ran.</summary>
public interface ISallaAnyEventHandler
{
    /// <summary>Handles any known event.</summary>
    ValueTask HandleAsync(SallaEvent salla, CancellationToken cancellationToken);
}

/// <summary>Sees events this build has no spec for (a name Salla added, or one left out by the event filter).</summary>
public interface ISallaUnknownEventHandler
{
    /// <summary>Handles an unknown event.</summary>
    ValueTask HandleAsync(SallaUnknownEvent salla, CancellationToken cancellationToken);
}
