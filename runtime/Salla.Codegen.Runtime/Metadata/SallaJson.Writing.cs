using System;
using System.ComponentModel;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Salla.Codegen.Metadata;

/// <summary>Writes one value (not a member) of a list.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void SallaValueWriter<in T>(Utf8JsonWriter writer, T value);

public static partial class SallaJson
{
    /// <summary>
    /// Writer options for <see cref="SallaObject.ToJson"/>: compact, with text as UTF-8 rather than
    /// <c>\u</c> escapes (a webhook body is not embedded in HTML), so Arabic text stays readable.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Writes a text member; null is written when <paramref name="writeNull"/>, else the member is left out.</summary>
    public static void WriteString(Utf8JsonWriter writer, string name, string? value, bool writeNull)
    {
        if (StartMember(writer, name, value is null, writeNull))
        {
            writer.WriteStringValue(value);
        }
    }

    /// <summary>Writes an integer member; null is written when <paramref name="writeNull"/>, else the member is left out.</summary>
    public static void WriteInt64(Utf8JsonWriter writer, string name, long? value, bool writeNull)
    {
        if (StartMember(writer, name, value is null, writeNull))
        {
            writer.WriteNumberValue(value!.Value);
        }
    }

    /// <summary>Writes a decimal member with its scale (<c>196.00</c> stays <c>196.00</c>); null is written when <paramref name="writeNull"/>, else the member is left out.</summary>
    public static void WriteDecimal(Utf8JsonWriter writer, string name, decimal? value, bool writeNull)
    {
        if (StartMember(writer, name, value is null, writeNull))
        {
            writer.WriteNumberValue(value!.Value);
        }
    }

    /// <summary>Writes a boolean member; null is written when <paramref name="writeNull"/>, else the member is left out.</summary>
    public static void WriteBoolean(Utf8JsonWriter writer, string name, bool? value, bool writeNull)
    {
        if (StartMember(writer, name, value is null, writeNull))
        {
            writer.WriteBooleanValue(value!.Value);
        }
    }

    /// <summary>
    /// Writes a date member of <paramref name="owner"/>: in the encoding it was sent in while it holds the
    /// value read, else as ISO 8601 with its offset; null is written when <paramref name="writeNull"/>, else
    /// the member is left out.
    /// </summary>
    public static void WriteDateTime(Utf8JsonWriter writer, string name, DateTimeOffset? value, SallaObject owner, bool writeNull)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (!StartMember(writer, name, value is null, writeNull))
        {
            return;
        }

        if (owner.SentDate(name, value!.Value) is { } sent)
        {
            WriteSentDate(writer, sent);
        }
        else
        {
            WriteDateTimeValue(writer, value);
        }
    }

    /// <summary>Writes a raw JSON member as it was kept; null is written when <paramref name="writeNull"/>, else the member is left out.</summary>
    public static void WriteAny(Utf8JsonWriter writer, string name, JsonElement? value, bool writeNull)
    {
        if (StartMember(writer, name, value is null, writeNull))
        {
            value!.Value.WriteTo(writer);
        }
    }

    /// <summary>Writes an object member; null is written when <paramref name="writeNull"/>, else the member is left out.</summary>
    public static void WriteObject(Utf8JsonWriter writer, string name, SallaObject? value, bool writeNull)
    {
        if (StartMember(writer, name, value is null, writeNull))
        {
            value!.WriteTo(writer);
        }
    }

    /// <summary>Writes a list member item for item, null items in their place; a null list is written when <paramref name="writeNull"/>, else left out.</summary>
    public static void WriteList<T>(Utf8JsonWriter writer, string name, IReadOnlyList<T>? value, SallaValueWriter<T> writeItem, bool writeNull)
    {
        if (StartMember(writer, name, value is null, writeNull))
        {
            WriteListValue(writer, value, writeItem);
        }
    }

    /// <summary>Writes a list value, or null.</summary>
    public static void WriteListValue<T>(Utf8JsonWriter writer, IReadOnlyList<T>? value, SallaValueWriter<T> writeItem)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(writeItem);
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        foreach (var item in value)
        {
            writeItem(writer, item);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a text value, or null.</summary>
    public static void WriteStringValue(Utf8JsonWriter writer, string? value) => writer.WriteStringValue(value);

    /// <summary>Writes an integer value, or null.</summary>
    public static void WriteInt64Value(Utf8JsonWriter writer, long? value) => WriteNullable(writer, value, static (w, v) => w.WriteNumberValue(v));

    /// <summary>Writes a decimal value with its scale, or null.</summary>
    public static void WriteDecimalValue(Utf8JsonWriter writer, decimal? value) => WriteNullable(writer, value, static (w, v) => w.WriteNumberValue(v));

    /// <summary>Writes a boolean value, or null.</summary>
    public static void WriteBooleanValue(Utf8JsonWriter writer, bool? value) => WriteNullable(writer, value, static (w, v) => w.WriteBooleanValue(v));

    /// <summary>Writes a date value as ISO 8601 with its offset (which every reader of this library takes back exactly), or null.</summary>
    public static void WriteDateTimeValue(Utf8JsonWriter writer, DateTimeOffset? value) =>
        WriteNullable(writer, value, static (w, v) => w.WriteStringValue(v.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)));

    /// <summary>Writes a raw JSON value as it was kept, or null.</summary>
    public static void WriteAnyValue(Utf8JsonWriter writer, JsonElement? value) => WriteNullable(writer, value, static (w, v) => v.WriteTo(w));

    /// <summary>Writes an object value, or null.</summary>
    public static void WriteObjectValue(Utf8JsonWriter writer, SallaObject? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    private static bool StartMember(Utf8JsonWriter writer, string name, bool isNull, bool writeNull)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (isNull)
        {
            if (writeNull)
            {
                writer.WriteNull(name);
            }

            return false;
        }

        writer.WritePropertyName(name);
        return true;
    }

    private static void WriteNullable<T>(Utf8JsonWriter writer, T? value, Action<Utf8JsonWriter, T> write)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            write(writer, v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void WriteSentDate(Utf8JsonWriter writer, SallaSentDate sent)
    {
        if (sent.InArray)
        {
            writer.WriteStartArray();
        }

        switch (sent.Form)
        {
            case JsonTokenType.Number:
                writer.WriteNumberValue(sent.Value.ToUnixTimeSeconds());
                break;
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                writer.WriteString("date"u8, sent.Text);
                if (sent.TimeZone is not null)
                {
                    writer.WriteNumber("timezone_type"u8, PhpTimeZoneType(sent.TimeZone));
                    writer.WriteString("timezone"u8, sent.TimeZone);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(sent.Text);
                break;
        }

        if (sent.InArray)
        {
            writer.WriteEndArray();
        }
    }

    // PHP's kinds of zone: 1 an offset (+03:00), 2 an abbreviation (AST), 3 an identifier (Asia/Riyadh).
    private static int PhpTimeZoneType(string timezone) =>
        timezone.Length > 0 && timezone[0] is '+' or '-' ? 1
        : timezone.Contains('/', StringComparison.Ordinal) || timezone.Equals("UTC", StringComparison.OrdinalIgnoreCase) ? 3
        : 2;
}

/// <summary>How a date member was sent, so an unchanged date is written back in the same encoding.</summary>
internal struct SallaSentDate
{
    public string Member;
    public DateTimeOffset Value;

    /// <summary>String, Number (Unix seconds) or StartObject (a PHP date object).</summary>
    public JsonTokenType Form;

    /// <summary>The string as sent, or a PHP object's <c>date</c>.</summary>
    public string? Text;

    /// <summary>A PHP object's <c>timezone</c>.</summary>
    public string? TimeZone;

    /// <summary>The date came as a one-element array (<c>["2022-12-31"]</c>).</summary>
    public bool InArray;
}
