using System;
using System.ComponentModel;
using System.Text.Json;

namespace Salla.Codegen.Metadata;

/// <summary>Reads an event's <c>data</c> into it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void SallaDataReader<in TEvent>(ref Utf8JsonReader reader, TEvent target);

/// <summary>
/// Reads the envelope Salla posts (<c>event</c>, <c>merchant</c>, <c>created_at</c>, <c>data</c>, and
/// whatever else it sends) into an event; each generated event type keeps one.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SallaEnvelopeReader<TEvent>
    where TEvent : SallaEvent
{
    private const int EventMember = 0;
    private const int MerchantMember = 1;
    private const int CreatedAtMember = 2;
    private const int DataMember = 3;

    private readonly string? _eventName;
    private readonly byte[]? _eventNameUtf8;
    private readonly SallaDataReader<TEvent> _readData;
    private readonly SallaObjectReader<TEvent> _members;

    /// <param name="eventName">The one event name the type takes, or null for any.</param>
    /// <param name="readData">Reads <c>data</c> into the event.</param>
    /// <param name="requireData">Whether a body without <c>data</c> is refused.</param>
    public SallaEnvelopeReader([SallaEventName] string? eventName, SallaDataReader<TEvent> readData, bool requireData = true)
    {
        _eventName = eventName;
        _eventNameUtf8 = eventName is null ? null : System.Text.Encoding.UTF8.GetBytes(eventName);
        _readData = readData ?? throw new ArgumentNullException(nameof(readData));
        _members = new SallaObjectReader<TEvent>(
            ReadMember,
            new SallaMemberSpec[]
            {
                new("event", "string", IsRequired: true),
                new("merchant", "integer"),
                new("created_at", "date-time"),
                new("data", "object", IsRequired: requireData),
            });
    }

    /// <summary>Reads <paramref name="body"/> into <paramref name="target"/>, which keeps the bytes in <see cref="SallaEvent.RawBody"/>.</summary>
    /// <exception cref="SallaPayloadException">The body is not a JSON object, names another event, lacks a required member, sends one twice, or a value cannot be read as its spec says.</exception>
    public TEvent Read(ReadOnlyMemory<byte> body, TEvent target)
    {
        target.RawBody = body;
        var reader = SallaEnvelopeHead.StartBody(body.Span);
        var outer = SallaExtensionValue.EnterBody(body);
        try
        {
            _members.Read(ref reader, target, isWholeBody: true);
        }
        finally
        {
            SallaExtensionValue.LeaveBody(outer);
        }

        return target;
    }

    private void ReadMember(ref Utf8JsonReader reader, TEvent target, int member)
    {
        switch (member)
        {
            case EventMember:
                // The type's own name, matched in place, is kept as the constant: no string per body.
                if (_eventNameUtf8 is not null && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(_eventNameUtf8))
                {
                    target.Event = _eventName!;
                    break;
                }

                var name = SallaEnvelopeHead.ReadEventName(ref reader);
                target.Event = _eventName is null || name == _eventName
                    ? name
                    : throw SallaJson.Unexpected(ref reader, "string", $"the body is a '{SallaJson.Truncate(name)}' event, not '{_eventName}'");
                break;
            case MerchantMember:
                target.Merchant = SallaJson.ReadInt64(ref reader);
                break;
            case CreatedAtMember:
                target.CreatedAt = SallaJson.ReadDateTime(ref reader, target, "created_at");
                break;
            case DataMember:
                _readData(ref reader, target);
                break;
        }
    }
}
