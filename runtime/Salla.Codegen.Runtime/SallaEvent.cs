using System;
using System.Text.Json;

namespace Salla.Codegen;

/// <summary>The envelope Salla posts for every event: its name, the store, when it happened, and the body as sent.</summary>
public abstract class SallaEvent : SallaObject
{
    /// <summary>The event name as sent, such as <c>order.created</c>.</summary>
    [SallaEventName]
    public string Event { get; internal set; } = string.Empty;

    /// <summary>The store (merchant) id.</summary>
    public long? Merchant { get; internal set; }

    /// <summary>When Salla raised the event.</summary>
    public DateTimeOffset? CreatedAt { get; internal set; }

    /// <summary>The body exactly as received: the bytes Salla signed, nothing re-serialised.</summary>
    public ReadOnlyMemory<byte> RawBody { get; internal set; }

    /// <summary>The event's <c>data</c>, untyped.</summary>
    public abstract object? UntypedData { get; }
}

/// <summary>An event whose <c>data</c> is a <typeparamref name="TData"/>.</summary>
public abstract class SallaEvent<TData> : SallaEvent
    where TData : class
{
    /// <summary>The event's payload; the envelope requires it, so a body without one is refused when parsed.</summary>
    public TData Data { get; protected set; } = null!;

    /// <inheritdoc />
    public override object? UntypedData => Data;
}

/// <summary>An event this build has no spec for; its <c>data</c> is kept as raw JSON.</summary>
public sealed class SallaUnknownEvent : SallaEvent
{
    private SallaUnknownEvent()
    {
    }

    /// <summary>The event's <c>data</c> as sent.</summary>
    public JsonElement? Data { get; private set; }

    /// <inheritdoc />
    public override object? UntypedData => Data;

    /// <summary>Reads any Salla envelope.</summary>
    public static SallaUnknownEvent Parse(ReadOnlyMemory<byte> body) => Envelope.Read(body, new SallaUnknownEvent());

    private static readonly SallaEnvelopeReader<SallaUnknownEvent> Envelope =
        new(eventName: null, static (ref Utf8JsonReader reader, SallaUnknownEvent target) => target.Data = SallaJson.ReadAny(ref reader), requireData: false);
}
