using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
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

/// <summary>What dispatching one body did.</summary>
public enum SallaDispatchOutcome
{
    /// <summary>A known event reached at least one handler.</summary>
    Handled,

    /// <summary>A known event for which no handler is registered.</summary>
    NoHandler,

    /// <summary>An event with no spec in this build; unknown-event handlers saw it.</summary>
    Unknown,
}

/// <summary>The outcome of dispatching one webhook body.</summary>
/// <param name="EventName">The event name read from the body.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="HandlerCount">How many handlers ran.</param>
/// <param name="Event">The parsed event.</param>
public readonly record struct SallaDispatchResult([SallaEventName][property: SallaEventName] string EventName, SallaDispatchOutcome Outcome, int HandlerCount, SallaEvent Event);

/// <summary>Primitives the generated dispatcher is built from.</summary>
public static class SallaDispatch
{
    /// <summary>
    /// The <c>event</c> member of a webhook body, read without parsing the rest.
    /// </summary>
    /// <exception cref="SallaPayloadException">The body is empty, not a JSON object, or has no string <c>event</c>.</exception>
    [return: SallaEventName]
    public static string ReadEventName(ReadOnlySpan<byte> body) => SallaEnvelopeHead.Read(body, withMerchant: false).EventName;

    /// <summary>Runs every registered <typeparamref name="THandler"/>, then every <see cref="ISallaAnyEventHandler"/>.</summary>
    public static async ValueTask<SallaDispatchResult> InvokeAsync<THandler, TEvent>(IServiceProvider services, TEvent salla, CancellationToken cancellationToken)
        where THandler : ISallaEventHandler<TEvent>
        where TEvent : SallaEvent
    {
        var count = 0;
        var handlers = Resolve<THandler>(services);
        for (var i = 0; i < handlers.Count; i++)
        {
            await handlers[i].HandleAsync(salla, cancellationToken).ConfigureAwait(false);
            count++;
        }

        var anyHandlers = Resolve<ISallaAnyEventHandler>(services);
        for (var i = 0; i < anyHandlers.Count; i++)
        {
            await anyHandlers[i].HandleAsync(salla, cancellationToken).ConfigureAwait(false);
            count++;
        }

        return new SallaDispatchResult(salla.Event, count > 0 ? SallaDispatchOutcome.Handled : SallaDispatchOutcome.NoHandler, count, salla);
    }

    /// <summary>Parses <paramref name="body"/> as an unknown event and runs every <see cref="ISallaUnknownEventHandler"/>.</summary>
    public static async ValueTask<SallaDispatchResult> InvokeUnknownAsync(IServiceProvider services, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var salla = SallaUnknownEvent.Parse(body);
        var count = 0;
        var handlers = Resolve<ISallaUnknownEventHandler>(services);
        for (var i = 0; i < handlers.Count; i++)
        {
            await handlers[i].HandleAsync(salla, cancellationToken).ConfigureAwait(false);
            count++;
        }

        return new SallaDispatchResult(salla.Event, SallaDispatchOutcome.Unknown, count, salla);
    }

    // IServiceProvider, not a DI library: any container (or a hand-written provider) that answers IEnumerable<T> works.
    // Containers answer with an array or a list; indexing it, rather than enumerating, allocates no enumerator.
    private static IReadOnlyList<T> Resolve<T>(IServiceProvider services) => services.GetService(typeof(IEnumerable<T>)) switch
    {
        IReadOnlyList<T> list => list,
        IEnumerable<T> other => other.ToArray(),
        _ => Array.Empty<T>(),
    };
}

/// <summary>Dispatches webhook bodies to handlers; the generated <c>SallaEventDispatcher</c> implements it.</summary>
public interface ISallaEventDispatcher
{
    /// <summary>Parses <paramref name="utf8Json"/> into its event and runs that event's handlers.</summary>
    /// <exception cref="SallaPayloadException">The body is not a Salla envelope, or a value cannot be read as its spec says.</exception>
    ValueTask<SallaDispatchResult> DispatchAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether this build has a spec for <paramref name="eventName"/> (compared ordinally, as
    /// dispatching does). The receiver tags traces and metrics only with known names, so a sender
    /// cannot add a metric series per made-up name.
    /// </summary>
    bool IsKnownEvent([SallaEventName] string eventName);
}
