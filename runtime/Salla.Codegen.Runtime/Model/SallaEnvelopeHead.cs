using System.ComponentModel;
using System.Text.Json;
using System;
using Salla.Codegen.Metadata;

namespace Salla.Codegen;

/// <summary>
/// The event name and store of a webhook body, read without parsing the rest: what the dispatcher
/// routes by and the receiver logs and stores before an event is built.
/// </summary>
/// <param name="EventName">The <c>event</c> member.</param>
/// <param name="Merchant">The <c>merchant</c> member, or null when it is absent or not a store id.</param>
public readonly record struct SallaEnvelopeHead([SallaEventName][property: SallaEventName] string EventName, long? Merchant)
{
    /// <summary>Reads the head of <paramref name="body"/>.</summary>
    /// <exception cref="SallaPayloadException">The body is empty, not a JSON object, or has no non-empty string <c>event</c>.</exception>
    public static SallaEnvelopeHead Read(ReadOnlySpan<byte> body) => Read(body, withMerchant: true);

    /// <summary>Reads the head of <paramref name="body"/>, or returns false when it is not a Salla envelope.</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out SallaEnvelopeHead head)
    {
        try
        {
            head = Read(body);
            return true;
        }
        catch (SallaPayloadException)
        {
            head = default;
            return false;
        }
    }

    internal static SallaEnvelopeHead Read(ReadOnlySpan<byte> body, bool withMerchant, SallaEventNames? known = null)
    {
        var reader = StartBody(body);
        string? eventName = null;
        long? merchant = null;
        var merchantRead = !withMerchant;
        try
        {
            while (SallaJson.NextMember(ref reader))
            {
                if (eventName is null && reader.ValueTextEquals("event"u8))
                {
                    reader.Read();
                    eventName = ReadEventNameAt(ref reader, known);
                }
                else if (!merchantRead && reader.ValueTextEquals("merchant"u8))
                {
                    reader.Read();
                    merchant = TryReadMerchant(ref reader);
                    merchantRead = true;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }

                if (eventName is not null && merchantRead)
                {
                    return new SallaEnvelopeHead(eventName, merchant);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw SallaJson.AtPath(ex, string.Empty, ref reader);
        }

        return eventName is not null
            ? new SallaEnvelopeHead(eventName, merchant)
            : throw new SallaPayloadException(".event", "string", "the body has no 'event' member, so it is not a Salla webhook envelope", -1);
    }

    /// <summary>A reader on the opening <c>{</c> of a body, which must be a JSON object.</summary>
    internal static Utf8JsonReader StartBody(ReadOnlySpan<byte> body)
    {
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new SallaPayloadException(string.Empty, "object", "the body is empty", 0);
        }

        var reader = new Utf8JsonReader(body, SallaJson.ReaderOptions);
        try
        {
            reader.Read();
        }
        catch (JsonException ex)
        {
            throw SallaJson.AtPath(ex, string.Empty, ref reader);
        }

        return reader.TokenType == JsonTokenType.StartObject
            ? reader
            : throw SallaJson.Unexpected(ref reader, "object", "the body is not a JSON object");
    }

    /// <summary>The event name at the reader's position: a non-empty string.</summary>
    internal static string ReadEventName(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } name
            ? name
            : throw SallaJson.Unexpected(ref reader, "string", "the event name is not a non-empty string");

    private static string ReadEventNameAt(ref Utf8JsonReader reader, SallaEventNames? known)
    {
        if (known is not null && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && known.Find(reader.ValueSpan) is { } knownName)
        {
            return knownName;
        }

        try
        {
            return ReadEventName(ref reader);
        }
        catch (SallaPayloadException ex)
        {
            throw ex.Under(".event");
        }
    }

    // The merchant is for logs and the inbox; a value that is not a store id is left for the full parse to refuse.
    private static long? TryReadMerchant(ref Utf8JsonReader reader)
    {
        try
        {
            return SallaJson.ReadInt64(ref reader);
        }
        catch (SallaPayloadException)
        {
            reader.Skip();
            return null;
        }
    }
}
