using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Salla.Codegen.Metadata;

/// <summary>Reads one value at the reader's position; the reader ends on the value's last token.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate T SallaReader<out T>(ref Utf8JsonReader reader);

/// <summary>
/// The lenient readers generated code is built from. Each takes a reader positioned on a value and
/// leaves it on the value's last token. They accept what Salla really sends (numbers as strings and
/// back, PHP's <c>[]</c> for an empty object, several date encodings) and throw
/// <see cref="SallaPayloadException"/> for anything that cannot be taken as the expected type.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class SallaJson
{
    /// <summary>Reader options for webhook bodies: comments and trailing commas, seen in Salla's published examples, are tolerated.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 128,
    };

    /// <summary>
    /// Text; numbers and <c>true</c> keep their JSON spelling. PHP's placeholders for "no value", <c>false</c>
    /// and an empty <c>[]</c> (or <c>{}</c>), are null: the event's raw body keeps what was sent.
    /// </summary>
    public static string? ReadString(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
            case JsonTokenType.False:
                return null;
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
            case JsonTokenType.True:
                return "true";
            default:
                return SkipEmptyContainer(ref reader) ? null : throw Unexpected(ref reader, "string");
        }
    }

    /// <summary>
    /// A 64-bit integer from a number or a numeric string, exactly as sent (<c>"12.00"</c> and <c>1e3</c>
    /// are whole, <c>"12.5"</c> is refused); <c>""</c> and <c>"null"</c> are null.
    /// </summary>
    public static long? ReadInt64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var whole))
        {
            return whole;
        }

        if (ReadExactNumber(ref reader, "integer") is not { } number)
        {
            return null;
        }

        if (decimal.Truncate(number) != number)
        {
            throw Unexpected(ref reader, "integer", $"{Describe(ref reader)} is not a whole number");
        }

        return number >= long.MinValue && number <= long.MaxValue
            ? (long)number
            : throw Unexpected(ref reader, "integer", $"{Describe(ref reader)} is outside the 64-bit integer range");
    }

    /// <summary>
    /// A decimal from a number or a numeric string, exactly as sent: thousands separators only where they
    /// cannot be a decimal comma (<c>"1,234.50"</c>), nothing rounded; <c>""</c> and <c>"null"</c> are null.
    /// </summary>
    public static decimal? ReadDecimal(ref Utf8JsonReader reader) => ReadExactNumber(ref reader, "number");

    /// <summary>A boolean from <c>true</c>/<c>false</c>, <c>0</c>/<c>1</c>, or their string forms.</summary>
    public static bool? ReadBoolean(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var flag) && flag is 0 or 1)
                {
                    return flag == 1;
                }

                throw Unexpected(ref reader, "boolean");
            case JsonTokenType.String:
                var text = reader.GetString()!.Trim();
                if (IsNullText(text))
                {
                    return null;
                }

                if (text == "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                if (text == "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                throw Unexpected(ref reader, "boolean");
            default:
                throw Unexpected(ref reader, "boolean");
        }
    }

    /// <summary>
    /// A point in time from a PHP date object, one of the date strings <see cref="SallaDateTime"/> knows,
    /// Unix seconds, or a one-element array of those; an empty string or container is null.
    /// </summary>
    public static DateTimeOffset? ReadDateTime(ref Utf8JsonReader reader)
    {
        var sent = default(SallaSentDate);
        return ReadDateTime(ref reader, ref sent);
    }

    /// <summary>
    /// Reads a date as <see cref="ReadDateTime(ref Utf8JsonReader)"/> does, for the member <paramref name="member"/>
    /// of <paramref name="owner"/>, which remembers how it was sent so that writing it back keeps the encoding.
    /// </summary>
    public static DateTimeOffset? ReadDateTime(ref Utf8JsonReader reader, SallaObject owner, string member)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var sent = new SallaSentDate { Member = member };
        var value = ReadDateTime(ref reader, ref sent);
        if (value is { } read)
        {
            sent.Value = read;
            owner.RememberSentDate(sent);
        }

        return value;
    }

    private static DateTimeOffset? ReadDateTime(ref Utf8JsonReader reader, ref SallaSentDate sent)
    {
        sent.Form = reader.TokenType;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                var text = reader.GetString()!;
                var trimmed = text.Trim();

                // PHP and MySQL write "no date" as a zero date, as others write "".
                if (IsNullText(trimmed) || trimmed is "0000-00-00" or "0000-00-00 00:00:00")
                {
                    return null;
                }

                sent.Text = text;

                // Unix seconds as text: no date layout Salla sends is digits alone, so nothing else is meant.
                if (IsDigits(trimmed))
                {
                    return long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var textSeconds) && textSeconds <= MaxUnixSeconds
                        ? DateTimeOffset.FromUnixTimeSeconds(textSeconds)
                        : throw Unexpected(ref reader, "date-time", $"'{text}' is out of the range of Unix seconds");
                }

                return SallaDateTime.TryParse(text, out var value) ? value : throw Unexpected(ref reader, "date-time", $"'{text}' is not a date Salla sends");
            case JsonTokenType.Number:
                // FromUnixTimeSeconds throws outside years 1-9999.
                return reader.TryGetInt64(out var seconds) && seconds >= MinUnixSeconds && seconds <= MaxUnixSeconds
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : throw Unexpected(ref reader, "date-time");
            case JsonTokenType.StartObject:
                return ReadPhpDate(ref reader, ref sent);
            case JsonTokenType.StartArray:
                // review.added sends its date as ["2022-12-31"].
                DateTimeOffset? single = null;
                var count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (++count > 1)
                    {
                        throw Unexpected(ref reader, "date-time", "an array of more than one date");
                    }

                    single = ReadDateTime(ref reader, ref sent);
                }

                sent.InArray = true;
                return single;
            default:
                throw Unexpected(ref reader, "date-time");
        }
    }

    private static readonly long MinUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>Any JSON value, kept as it was sent; JSON <c>null</c> is null. An object in it that names a member twice is refused.</summary>
    public static JsonElement? ReadAny(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var scan = reader;
            RejectDuplicateMembers(ref scan);
        }

        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>
    /// Starts reading an object: true on <c>{</c>; false (nothing to read) on PHP's empty array <c>[]</c>;
    /// anything else is not an object.
    /// </summary>
    internal static bool TryStartObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return true;
        }

        return SkipEmptyContainer(ref reader) ? false : throw Unexpected(ref reader, "object");
    }

    /// <summary>Moves to the next member of an object: true on a property name, false at the end of the object.</summary>
    internal static bool NextMember(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new SallaPayloadException(string.Empty, null, "the JSON ends inside an object", reader.TokenStartIndex);
        }

        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Reads an object with <paramref name="read"/>, or null for JSON <c>null</c>.</summary>
    public static T? ReadObject<T>(ref Utf8JsonReader reader, SallaReader<T> read)
        where T : class =>
        reader.TokenType == JsonTokenType.Null ? null : read(ref reader);

    /// <summary>
    /// Reads an object the spec requires: JSON <c>null</c> and PHP's empty <c>[]</c> (which would read as an
    /// object with nothing in it) are refused.
    /// </summary>
    public static T ReadRequiredObject<T>(ref Utf8JsonReader reader, SallaReader<T> read)
        where T : class
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            throw Unexpected(ref reader, "object", "a required object is null");
        }

        if (reader.TokenType == JsonTokenType.StartArray)
        {
            var peek = reader;
            if (peek.Read() && peek.TokenType == JsonTokenType.EndArray)
            {
                throw Unexpected(ref reader, "object", "a required object is an empty array []");
            }
        }

        return read(ref reader);
    }

    /// <summary>
    /// Reads an array with <paramref name="readItem"/>, item for item: <c>null</c> items stay in their place,
    /// so the list has the length and order that was sent; an empty <c>{}</c> is an empty list.
    /// </summary>
    public static IReadOnlyList<T?>? ReadList<T>(ref Utf8JsonReader reader, SallaReader<T?> readItem)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return SkipEmptyContainer(ref reader) ? Array.Empty<T?>() : throw Unexpected(ref reader, "array");
        }

        var peek = reader;
        if (peek.Read() && peek.TokenType == JsonTokenType.EndArray)
        {
            reader.Read();
            return Array.Empty<T?>();
        }

        var items = new List<T?>();
        var index = 0;
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                items.Add(reader.TokenType == JsonTokenType.Null ? default : readItem(ref reader));
                index++;
            }
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            throw AtPath(ex, "[" + index.ToString(CultureInfo.InvariantCulture) + "]", ref reader);
        }

        return items;
    }

    /// <summary>True for the failures a read can end in: a Salla payload problem or malformed JSON.</summary>
    internal static bool IsReadFailure(Exception exception) =>
        exception is SallaPayloadException or JsonException or InvalidOperationException or FormatException or OverflowException;

    /// <summary>Re-raises a read failure one level up, with <paramref name="member"/> prefixed to its path.</summary>
    internal static SallaPayloadException AtMember(Exception exception, string? member, ref Utf8JsonReader reader) =>
        AtPath(exception, member is null ? string.Empty : "." + member, ref reader);

    internal static SallaPayloadException AtPath(Exception exception, string segment, ref Utf8JsonReader reader) => exception switch
    {
        SallaPayloadException payload => payload.Under(segment),
        JsonException json => new SallaPayloadException(segment, null, "the body is not valid JSON: " + FirstSentence(json.Message), reader.TokenStartIndex, json),
        _ => new SallaPayloadException(segment, null, exception.Message, reader.TokenStartIndex, exception),
    };

    internal static SallaPayloadException Unexpected(ref Utf8JsonReader reader, string expectedType, string? problem = null) =>
        new(string.Empty, expectedType, problem ?? $"found {Describe(ref reader)}", reader.TokenStartIndex);

    private static SallaPayloadException UnexpectedAt(ref Utf8JsonReader reader, string member, string expectedType, string problem) =>
        new("." + member, expectedType, problem, reader.TokenStartIndex);

    private static DateTimeOffset? ReadPhpDate(ref Utf8JsonReader reader, ref SallaSentDate sent)
    {
        var scan = reader;
        RejectDuplicateMembers(ref scan);
        string? date = null;
        string? timezone = null;
        string? member = null;
        try
        {
            while (NextMember(ref reader))
            {
                if (reader.ValueTextEquals("date"u8))
                {
                    member = "date";
                    reader.Read();
                    date = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("timezone"u8))
                {
                    member = "timezone";
                    reader.Read();
                    timezone = ReadString(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }

                member = null;
            }
        }
        catch (SallaPayloadException ex) when (member is not null)
        {
            throw ex.Under("." + member);
        }

        if (date is null)
        {
            return null;
        }

        sent.Text = date;
        sent.TimeZone = timezone;
        return SallaDateTime.TryFromPhp(date, timezone, out var value)
            ? value
            : throw UnexpectedAt(ref reader, "date", "date-time", $"'{date}' in time zone '{timezone}' is not a date this library can place in time");
    }

    private static bool SkipEmptyContainer(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.StartObject))
        {
            return false;
        }

        var copy = reader;
        if (copy.Read() && copy.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject)
        {
            reader.Read();
            return true;
        }

        return false;
    }

    private static bool IsNullText(string text) => text.Length == 0 || text == "null";

    private static bool IsDigits(string text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => "the string \"" + Truncate(reader.GetString()!) + "\"",
        JsonTokenType.Number => "the number " + Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.Null => "null",
        _ => reader.TokenType.ToString(),
    };

    internal static string Truncate(string text) => text.Length <= 40 ? text : text.Substring(0, 40) + "…";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message.Substring(0, end) : message;
    }
}
