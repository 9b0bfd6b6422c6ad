using System;
using System.Text.Json;

namespace Salla.Codegen;

/// <summary>The envelope Salla posts for every event: its name, the store, when it happened, and the body as sent.</summary>
public abstract class SallaEvent : SallaObject
{
    /// <summary>The event name as sent, such as <c>order.created</c>.</summary>
    [SallaEventName]
    public string Event { get; private set; } = string.Empty;

    /// <summary>The store (merchant) id.</summary>
    public long? Merchant { get; private set; }

    /// <summary>When Salla raised the event.</summary>
    public DateTimeOffset? CreatedAt { get; private set; }

    /// <summary>The body exactly as received: the bytes Salla signed, nothing re-serialised.</summary>
    public ReadOnlyMemory<byte> RawBody { get; private set; }

    /// <summary>The event's <c>data</c>, untyped.</summary>
    public abstract object? UntypedData { get; }

    /// <summary>
    /// Reads the envelope of <paramref name="body"/> into <paramref name="target"/>, its <c>data</c> with
    /// <paramref name="readData"/>. The envelope must name its event (as <paramref name="expectedEvent"/>
    /// when given) and carry <c>data</c> when <paramref name="requireData"/>; a member sent twice is refused.
    /// </summary>
    protected static TEvent ReadEnvelope<TEvent>(ReadOnlyMemory<byte> body, TEvent target, string? expectedEvent, bool requireData, ReadDataCallback<TEvent> readData)
        where TEvent : SallaEvent
    {
        target.RawBody = body;
        if (SallaDispatch.IsBlank(body.Span))
        {
            throw SallaDispatch.EmptyBody();
        }

        var reader = new Utf8JsonReader(body.Span, SallaJson.ReaderOptions);
        string? member = null;
        bool seenEvent = false, seenMerchant = false, seenCreatedAt = false, seenData = false;
        try
        {
            reader.Read();

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw SallaJson.Unexpected(ref reader, "object", "the body is not a JSON object");
            }

            while (SallaJson.NextMember(ref reader))
            {
                if (reader.ValueTextEquals("event"u8))
                {
                    member = "event";
                    SallaRequired.Once(ref seenEvent);
                    reader.Read();
                    target.Event = ReadEventName(ref reader, expectedEvent);
                }
                else if (reader.ValueTextEquals("merchant"u8))
                {
                    member = "merchant";
                    SallaRequired.Once(ref seenMerchant);
                    reader.Read();
                    target.Merchant = SallaJson.ReadInt64(ref reader);
                }
                else if (reader.ValueTextEquals("created_at"u8))
                {
                    member = "created_at";
                    SallaRequired.Once(ref seenCreatedAt);
                    reader.Read();
                    target.CreatedAt = SallaJson.ReadDateTime(ref reader);
                }
                else if (reader.ValueTextEquals("data"u8))
                {
                    member = "data";
                    SallaRequired.Once(ref seenData);
                    reader.Read();
                    readData(ref reader, target);
                }
                else
                {
                    member = reader.GetString()!;
                    reader.Read();
                    target.AddExtensionMember(member, SallaJson.ReadAny(ref reader));
                }

                member = null;
            }

            // Anything after the object is malformed; the reader throws on it.
            reader.Read();
        }
        catch (Exception ex) when (SallaJson.IsReadFailure(ex))
        {
            throw SallaJson.AtMember(ex, member, ref reader);
        }

        if (!seenEvent)
        {
            throw SallaRequired.Missing("event", "string");
        }

        if (requireData && !seenData)
        {
            throw SallaRequired.Missing("data", "object");
        }

        return target;
    }

    private static string ReadEventName(ref Utf8JsonReader reader, string? expectedEvent)
    {
        if (reader.TokenType != JsonTokenType.String || reader.GetString() is not { Length: > 0 } name)
        {
            throw SallaJson.Unexpected(ref reader, "string", "the event name is not a non-empty string");
        }

        return expectedEvent is null || name == expectedEvent
            ? name
            : throw SallaJson.Unexpected(ref reader, "string", $"the body is a '{SallaJson.Truncate(name)}' event, not '{expectedEvent}'");
    }

    /// <summary>Reads an event's <c>data</c> into it.</summary>
    protected delegate void ReadDataCallback<in TEvent>(ref Utf8JsonReader reader, TEvent target);
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
    public static SallaUnknownEvent Parse(ReadOnlyMemory<byte> body) =>
        ReadEnvelope(body, new SallaUnknownEvent(), expectedEvent: null, requireData: false, static (ref Utf8JsonReader reader, SallaUnknownEvent target) => target.Data = SallaJson.ReadAny(ref reader));
}
