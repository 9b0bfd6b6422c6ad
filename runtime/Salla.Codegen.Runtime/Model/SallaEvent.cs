using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System;
using Salla.Codegen.Metadata;

namespace Salla.Codegen;

/// <summary>The envelope Salla posts for every event: its name, the store, when it happened, and the body as sent.</summary>
public abstract class SallaEvent : SallaObject
{
    /// <summary>An event whose name is read from the body.</summary>
    protected SallaEvent()
    {
    }

    /// <summary>An event of the type named <paramref name="eventName"/>, such as one built in a test.</summary>
    protected SallaEvent([SallaEventName] string eventName)
    {
        Event = string.IsNullOrEmpty(eventName) ? throw new ArgumentException("An event needs a name.", nameof(eventName)) : eventName;
    }

    /// <summary>The event name as sent, such as <c>order.created</c>.</summary>
    [SallaEventName]
    public string Event { get; internal set; } = string.Empty;

    /// <summary>The store (merchant) id.</summary>
    public long? Merchant { get; set; }

    /// <summary>When Salla raised the event.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>
    /// The body exactly as received: the bytes Salla signed, nothing re-serialised. Empty for an event
    /// built in code; <see cref="SallaObject.ToJson"/> writes one.
    /// </summary>
    public ReadOnlyMemory<byte> RawBody { get; internal set; }

    /// <summary>The event's <c>data</c>, untyped.</summary>
    public abstract object? UntypedData { get; }

    /// <inheritdoc />
    protected sealed override void WriteMembers(Utf8JsonWriter writer)
    {
        SallaJson.WriteString(writer, "event", Event, writeNull: false);
        SallaJson.WriteInt64(writer, "merchant", Merchant, writeNull: false);
        SallaJson.WriteDateTime(writer, "created_at", CreatedAt, this, writeNull: false);
        writer.WritePropertyName("data");
        WriteData(writer);
    }

    /// <summary>Writes the <c>data</c> value.</summary>
    protected abstract void WriteData(Utf8JsonWriter writer);
}

/// <summary>An event whose <c>data</c> is a <typeparamref name="TData"/>.</summary>
public abstract class SallaEvent<TData> : SallaEvent
    where TData : SallaObject
{
    /// <summary>An event whose name is read from the body.</summary>
    protected SallaEvent()
    {
    }

    /// <summary>An event of the type named <paramref name="eventName"/>, such as one built in a test.</summary>
    protected SallaEvent([SallaEventName] string eventName)
        : base(eventName)
    {
    }

    /// <summary>The event's payload; the envelope requires it, so a body without one is refused when parsed.</summary>
    public required TData Data { get; set; }

    /// <inheritdoc />
    public override object? UntypedData => Data;

    /// <inheritdoc />
    protected override void WriteData(Utf8JsonWriter writer) => Data.WriteTo(writer);
}

/// <summary>An event this build has no spec for; its <c>data</c> is kept as raw JSON.</summary>
public sealed class SallaUnknownEvent : SallaEvent
{
    private static readonly SallaEnvelopeReader<SallaUnknownEvent> Envelope =
        new(eventName: null, static (ref Utf8JsonReader reader, SallaUnknownEvent target) => target.Data = SallaJson.ReadAny(ref reader), requireData: false);

    /// <summary>An event named <paramref name="eventName"/> that this build has no spec for, such as one built in a test.</summary>
    public SallaUnknownEvent([SallaEventName] string eventName)
        : base(eventName)
    {
    }

    private SallaUnknownEvent()
    {
    }

    /// <summary>The event's <c>data</c> as sent.</summary>
    public JsonElement? Data { get; set; }

    /// <inheritdoc />
    public override object? UntypedData => Data;

    /// <summary>Reads any Salla envelope.</summary>
    public static SallaUnknownEvent Parse(ReadOnlyMemory<byte> body) => Envelope.Read(body, new SallaUnknownEvent());

    /// <inheritdoc />
    protected override void WriteData(Utf8JsonWriter writer) => SallaJson.WriteAnyValue(writer, Data);
}
