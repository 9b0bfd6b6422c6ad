using System;
using System.ComponentModel;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Salla.Codegen.Metadata;

/// <summary>Primitives the generated dispatcher is built from.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
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
