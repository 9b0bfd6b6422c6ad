using System;

namespace Salla.Codegen.Testing;

/// <summary>Where the body of a <see cref="SallaExample"/> comes from.</summary>
public enum SallaExampleSource
{
    /// <summary>Salla's documented example of this very event (a file of <c>specs/examples</c>).</summary>
    Documented,

    /// <summary>
    /// The example of <see cref="SallaExample.SharedFrom"/>, an event with the same payload model, with its
    /// <c>event</c> member changed to this event's name and every other byte kept: Salla documents one
    /// example per model, such as <c>order.created</c>'s for all eleven order events.
    /// </summary>
    Shared,

    /// <summary>
    /// Salla published no example for this payload model (the Recurring Payments events); the kit's own
    /// minimal body, holding only the members the docs name.
    /// </summary>
    Synthesized,
}

/// <summary>The example body of one event and where it comes from.</summary>
public sealed class SallaExample
{
    internal SallaExample(string eventName, SallaExampleSource source, string fileName, string? sharedFrom, bool envelopeAdded, ReadOnlyMemory<byte> body)
    {
        EventName = eventName;
        Source = source;
        FileName = fileName;
        SharedFrom = sharedFrom;
        EnvelopeAdded = envelopeAdded;
        Body = body;
    }

    /// <summary>The event the example is for, such as <c>order.updated</c>.</summary>
    public string EventName { get; }

    /// <summary>Whether the body is this event's documented example, another event's, or the kit's own.</summary>
    public SallaExampleSource Source { get; }

    /// <summary>
    /// The file the body was read from: a name in <c>specs/examples</c> (such as <c>order.created.json</c>) for a
    /// documented or shared example, the kit's own file for a synthesized one.
    /// </summary>
    public string FileName { get; }

    /// <summary>The event whose example was borrowed when <see cref="Source"/> is <see cref="SallaExampleSource.Shared"/>; otherwise null.</summary>
    public string? SharedFrom { get; }

    /// <summary>
    /// Whether the documented example is the bare <c>data</c> object and the kit wrapped it in an envelope
    /// (<c>event</c>, <c>merchant</c>, <c>created_at</c>, <c>data</c>) so it reads as a webhook body: Salla
    /// published <c>invoice.created</c> that way.
    /// </summary>
    public bool EnvelopeAdded { get; }

    /// <summary>The webhook body, UTF-8 JSON, as a receiver would get it.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <inheritdoc />
    public override string ToString() => Source switch
    {
        SallaExampleSource.Shared => $"{EventName}: shared from {SharedFrom} ({FileName})",
        SallaExampleSource.Synthesized => $"{EventName}: synthesized ({FileName})",
        _ => $"{EventName}: documented ({FileName}{(EnvelopeAdded ? ", envelope added" : string.Empty)})",
    };
}
