using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace Salla.Codegen;

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
    [EditorBrowsable(EditorBrowsableState.Never)]
    bool IsKnownEvent([SallaEventName] string eventName);
}
